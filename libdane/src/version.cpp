#include "dane/version.hpp"

namespace dane {

std::string_view version() noexcept { return DANE_VERSION; }

}  // namespace dane
