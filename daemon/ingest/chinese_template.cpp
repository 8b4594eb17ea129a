#include "chinese_template.hpp"

#include <array>
#include <utility>

namespace deadlined::daemon::detail {

namespace {

using pair = std::pair<std::string_view, std::string_view>;

constexpr std::array<pair, 34> columns{{
    {"编号", "id"},
    {"记录编号", "id"},
    {"类型", "type"},
    {"事项类型", "type"},
    {"单位", "unit"},
    {"责任单位", "unit"},
    {"时间", "time"},
    {"日期", "time"},
    {"发生时间", "time"},
    {"标题", "subject"},
    {"事项", "subject"},
    {"链接", "attrs.url"},
    {"网址", "attrs.url"},
    {"文号", "attrs.document_id"},
    {"文件编号", "attrs.document_id"},
    {"类别", "attrs.category"},
    {"是否同步报送解读", "attrs.has_interpretation"},
    {"议题编号", "attrs.topic_id"},
    {"会议日期", "attrs.meeting_date"},
    {"是否重点议题", "attrs.key_topic"},
    {"申请编号", "attrs.request_id"},
    {"申请渠道", "attrs.channel"},
    {"签收日期", "attrs.signed_date"},
    {"收到日期", "attrs.received_date"},
    {"确认日期", "attrs.confirmed_date"},
    {"延期工作日", "attrs.working_days"},
    {"舆情编号", "attrs.incident_id"},
    {"舆情级别", "attrs.level"},
    {"热线号码", "attrs.hotline"},
    {"是否接通", "attrs.answered"},
    {"振铃秒数", "attrs.ring_seconds"},
    {"工作任务", "attrs.task"},
    {"义务编号", "attrs.obligation"},
    {"理由", "attrs.reason"},
}};

constexpr std::array<pair, 17> types{{
    {"文件送审", "document.submitted"},
    {"文件发布", "document.published"},
    {"规范性文件发布", "document.published"},
    {"解读发布", "interpretation.published"},
    {"政策解读", "interpretation.published"},
    {"常务会议议题", "meeting.topic"},
    {"新闻资料审核", "news.reviewed"},
    {"收到申请", "request.received"},
    {"延期答复", "request.extended"},
    {"中止", "request.paused"},
    {"恢复", "request.resumed"},
    {"补正", "request.corrected"},
    {"答复", "request.answered"},
    {"舆情", "opinion.incident"},
    {"舆情回应", "opinion.responded"},
    {"热线测试", "call.made"},
    {"佐证材料", "evidence.submitted"},
}};

constexpr std::array<std::string_view, 3> yes_no_columns{"attrs.has_interpretation", "attrs.key_topic",
                                                         "attrs.answered"};

}  // namespace

std::optional<std::string> template_column(std::string_view header) {
  for (const auto& [zh, name] : columns) {
    if (zh == header) return std::string{name};
  }
  return std::nullopt;
}

std::string template_type(std::string_view value) {
  for (const auto& [zh, type] : types) {
    if (zh == value) return std::string{type};
  }
  return std::string{value};
}

std::string template_value(std::string_view column, std::string_view value) {
  for (auto c : yes_no_columns) {
    if (c != column) continue;
    if (value == "是") return "true";
    if (value == "否") return "false";
  }
  return std::string{value};
}

}  // namespace deadlined::daemon::detail
