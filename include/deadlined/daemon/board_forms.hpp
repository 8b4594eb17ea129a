#pragma once
// The board's pages beyond the overview: one obligation with its explanation and evidence,
// the submission form (records, evidence, hotline test calls) for a unit's contact person,
// waiver requests and the office's approvals — plain HTML forms, no script, every string
// escaped. Posted forms become the same JSON requests the API takes, so there is one path.

#include <string>
#include <string_view>

#include "deadlined/daemon/html_text.hpp"
#include "deadlined/daemon/status_view.hpp"

namespace deadlined::daemon {

/// The shared head (title, phone-friendly viewport, inline style) and the page's heading.
std::string page_start(const status_view& view, std::string_view title);
std::string page_end();

/// One obligation: state, dates, explanation day by day, evidence links, waiver forms.
std::string obligation_page(const status_view& view, const rules::obligation& explained);

/// The form a unit's contact person fills in instead of writing JSON.
std::string submission_form(const status_view& view, rules::instant now, std::string_view message = {});

/// Obligations with a pending waiver request, each with approve / decline for the office.
std::string waivers_page(const status_view& view);

/// The JSON record array a posted submission form stands for (`fields`: the decoded form);
/// empty with `problem` set when the form is incomplete.
std::string record_json_from_form(const std::map<std::string, std::string>& fields, const status_view& view,
                                  rules::instant now, std::string& problem);

}  // namespace deadlined::daemon
