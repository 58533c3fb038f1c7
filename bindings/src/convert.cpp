/*
 * dane Python module: conversions between Python values and libdane types.
 */
#include "common.hpp"

#include <chrono>
#include <utility>

namespace dane::python {

namespace {

/// The type name of value for error messages ("list", "float", ...).
std::string type_name(py::handle value) { return py::str(py::type::handle_of(value).attr("__name__")); }

}  // namespace

Time to_time(py::handle value, std::string_view what) {
  if (py::isinstance<py::str>(value)) return parse_time(value.cast<std::string>());
  if (py::isinstance<py::bool_>(value)) {
    throw py::type_error(std::string(what) + " must be a datetime, an ISO 8601 string or Unix seconds, not bool");
  }
  if (py::isinstance<py::int_>(value)) return Time{std::chrono::seconds{value.cast<std::int64_t>()}};
  auto datetime = py::module_::import("datetime");
  auto utc = datetime.attr("timezone").attr("utc");
  py::object moment;
  if (py::isinstance(value, datetime.attr("datetime"))) {
    moment = py::reinterpret_borrow<py::object>(value);
    if (moment.attr("tzinfo").is_none() || moment.attr("utcoffset")().is_none()) {
      moment = moment.attr("replace")(py::arg("tzinfo") = utc);
    }
  } else if (py::isinstance(value, datetime.attr("date"))) {
    moment = datetime.attr("datetime").attr("combine")(value, datetime.attr("time")(), utc);
  } else {
    throw py::type_error(std::string(what) + " must be a datetime, an ISO 8601 string or Unix seconds, not " +
                         type_name(value));
  }
  auto epoch = datetime.attr("datetime")(1970, 1, 1, py::arg("tzinfo") = utc);
  auto one_second = datetime.attr("timedelta")(py::arg("seconds") = 1);
  // Floor division of timedeltas is exact integer arithmetic (no float rounding).
  py::object seconds = (moment - epoch).attr("__floordiv__")(one_second);
  return Time{std::chrono::seconds{seconds.cast<std::int64_t>()}};
}

py::object from_time(Time t) {
  auto datetime = py::module_::import("datetime");
  auto utc = datetime.attr("timezone").attr("utc");
  auto epoch = datetime.attr("datetime")(1970, 1, 1, py::arg("tzinfo") = utc);
  auto offset = datetime.attr("timedelta")(py::arg("seconds") = t.time_since_epoch().count());
  return epoch + offset;
}

std::vector<std::uint8_t> to_bytes(py::handle value, std::string_view what) {
  if (py::isinstance<py::bytes>(value)) {
    std::string_view view = py::reinterpret_borrow<py::bytes>(value);
    return {view.begin(), view.end()};
  }
  if (PyObject_CheckBuffer(value.ptr()) == 0 || py::isinstance<py::str>(value)) {
    throw py::type_error(std::string(what) + " must be bytes-like (bytes, bytearray, memoryview), not " +
                         type_name(value));
  }
  // bytearray, memoryview and other buffers: PyBytes_FromObject copies any
  // buffer, contiguous or not.
  auto copy = py::reinterpret_steal<py::bytes>(PyBytes_FromObject(value.ptr()));
  if (!copy) throw py::error_already_set();
  std::string_view view = copy;
  return {view.begin(), view.end()};
}

py::bytes from_bytes(const std::vector<std::uint8_t>& data) {
  return py::bytes(reinterpret_cast<const char*>(data.data()), data.size());
}

std::uint8_t to_octet(py::handle value, std::string_view field) {
  const auto written = [&] { return py::repr(value).cast<std::string>(); };
  if (py::isinstance<py::bool_>(value) || PyIndex_Check(value.ptr()) == 0) {
    throw InputError("TLSA record", std::string(field), written(), "is not an integer");
  }
  auto number = py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
  if (!number) throw py::error_already_set();
  int overflow = 0;
  const long n = PyLong_AsLongAndOverflow(number.ptr(), &overflow);
  if (overflow != 0 || n < 0 || n > 255) {
    throw InputError("TLSA record", std::string(field), written(), "is not an integer from 0 to 255");
  }
  return static_cast<std::uint8_t>(n);
}

Tlsa to_tlsa(py::handle value, std::string_view what) {
  if (py::isinstance<Tlsa>(value)) return value.cast<Tlsa>();
  try {
    if (py::isinstance<py::str>(value)) return Tlsa::parse(value.cast<std::string>());
    if (py::isinstance<py::bytes>(value) || py::isinstance<py::bytearray>(value)) {
      return Tlsa::from_rdata(to_bytes(value, what));
    }
  } catch (const InputError& e) {
    // Say which record of the RRset was at fault.
    throw InputError(std::string(what) + ": " + e.where(), e.field(), e.value(), e.problem());
  }
  throw py::type_error(std::string(what) + " must be a dane.Tlsa, a str (presentation form) or bytes (RDATA), not " +
                       type_name(value));
}

}  // namespace dane::python
