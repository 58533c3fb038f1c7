/*
 * dane Python module: the exception hierarchy.
 *
 *   dane.Error(Exception)              every error libdane raises
 *   dane.InputError(Error, ValueError) dane::InputError, with .where/.field/.value/.problem
 *   dane.UsageError(Error, ValueError) dane::UsageError (an API precondition was broken)
 */
#include "common.hpp"

namespace dane::python {

namespace {

// Created once at import and kept for the life of the process (exception
// types are never unloaded; the references are deliberately not released).
PyObject* error_type = nullptr;
PyObject* input_error_type = nullptr;
PyObject* usage_error_type = nullptr;

/// Raises dane.InputError carrying the four parts of e as attributes.
void raise_input_error(const InputError& e) {
  try {
    auto type = py::reinterpret_borrow<py::object>(input_error_type);
    py::object instance = type(e.what());
    instance.attr("where") = e.where();
    instance.attr("field") = e.field();
    instance.attr("value") = e.value();
    instance.attr("problem") = e.problem();
    PyErr_SetObject(input_error_type, instance.ptr());
  } catch (py::error_already_set& failure) {
    failure.restore();  // building the exception failed (out of memory): raise that instead
  }
}

/// A new exception type named "dane.<name>"; nullptr with a Python error set on failure.
PyObject* new_type(const char* name, const char* doc, PyObject* bases) {
  return PyErr_NewExceptionWithDoc(name, doc, bases, nullptr);
}

}  // namespace

void bind_errors(py::module_& m) {
  error_type = new_type("dane.Error", "Base class of every exception libdane raises.", PyExc_Exception);
  if (error_type == nullptr) throw py::error_already_set();
  auto value_bases = py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError));
  input_error_type = new_type("dane.InputError",
                              "Input that is not well-formed: a malformed TLSA record, truncated RDATA, a\n"
                              "certificate that does not parse, a bad time string.\n\n"
                              "Attributes:\n"
                              "    where:   the object being read, e.g. 'TLSA record'\n"
                              "    field:   the field at fault, e.g. 'usage' (may be '')\n"
                              "    value:   the offending value as written (may be '' or shortened)\n"
                              "    problem: what is wrong with it, e.g. 'is greater than 255'",
                              value_bases.ptr());
  if (input_error_type == nullptr) throw py::error_already_set();
  usage_error_type = new_type("dane.UsageError",
                              "The caller broke an API precondition (for example an empty certificate chain).",
                              value_bases.ptr());
  if (usage_error_type == nullptr) throw py::error_already_set();

  // Defaults, so that instances raised from Python code have the attributes too.
  auto input_error = py::reinterpret_borrow<py::object>(input_error_type);
  for (const char* name : {"where", "field", "value", "problem"}) input_error.attr(name) = "";

  m.attr("Error") = py::reinterpret_borrow<py::object>(error_type);
  m.attr("InputError") = input_error;
  m.attr("UsageError") = py::reinterpret_borrow<py::object>(usage_error_type);

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      raise_input_error(e);
    } catch (const UsageError& e) {
      PyErr_SetString(usage_error_type, e.what());
    } catch (const Error& e) {
      PyErr_SetString(error_type, e.what());
    }
  });
}

}  // namespace dane::python
