// The holiday import (`govmedia calendar import`, app::ImportCalendarYear): a holiday-cn year
// file written to an in-memory SQLite database with the platform's migrations. A year it accepts
// must load back as the server loads it at start (app::LoadCalendar); the table is emptied after
// each input so runs do not depend on one another.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "app/node.h"
#include "storage/db.h"

namespace {

std::unique_ptr<govmedia::storage::Db> OpenDb() {
  auto db = govmedia::storage::OpenSqlite(":memory:");
  if (!db.ok()) __builtin_trap();
  if (!govmedia::storage::Migrate(**db).ok()) __builtin_trap();
  return std::move(*db);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<govmedia::storage::Db> db = OpenDb();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto year = govmedia::app::ImportCalendarYear(*db, text, "2024-01-01T00:00:00+08:00");
  if (year.ok()) {
    auto calendar = govmedia::app::LoadCalendar(db.get());
    // What the import accepted, the server must be able to start with.
    if (!calendar.ok() || !calendar->Covers(year->year)) __builtin_trap();
    if (!db->Exec("DELETE FROM calendar_years", {}).ok()) __builtin_trap();
  }
  return 0;
}
