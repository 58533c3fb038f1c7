/*
 * libdane: everything in one include.
 */
#pragma once

#include "dane/cert.hpp"
#include "dane/error.hpp"
#include "dane/generate.hpp"
#include "dane/match.hpp"
#include "dane/names.hpp"
#include "dane/owner.hpp"
#include "dane/report.hpp"
#include "dane/time.hpp"
#include "dane/tlsa.hpp"
#include "dane/version.hpp"
