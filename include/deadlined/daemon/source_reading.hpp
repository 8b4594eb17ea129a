#pragma once
// What turns a source's page into facts, as one fingerprint.

#include <string>

#include "deadlined/daemon/source_settings.hpp"

namespace deadlined::daemon {

/// A fingerprint of the source's URL, parser and selectors, and the unit, column, type and
/// attributes its facts get. A page's validators (ETag, Last-Modified) and the source's
/// backdating history hold only while it stays the same: after the operator fixes a
/// selector or moves a source to a new URL, the page is read afresh, not answered 304.
std::string source_reading(const source_settings& source);

}  // namespace deadlined::daemon
