#include "app/xlsx_reader.h"

#include <gtest/gtest.h>
#include <minizip/zip.h>

#include <string>
#include <utility>
#include <vector>

#include "registry_sheet.h"
#include "test_util.h"

namespace govmedia::app {
namespace {

using testing::D;

/// A zip of `parts` written with minizip; `zip64` writes every entry with zip64 extra fields.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& parts, bool zip64 = false) {
  testing::TempDir tmp;
  const std::string path = tmp.File("book.xlsx");
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, text] : parts) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip64(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                    Z_DEFAULT_COMPRESSION, zip64 ? 1 : 0),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(z, text.data(), static_cast<unsigned>(text.size())), ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(z), ZIP_OK);
  }
  EXPECT_EQ(zipClose(z, nullptr), ZIP_OK);
  return testing::ReadFile(path);
}

// A workbook as other generators write it: the first sheet is sheet2.xml (found through the
// relationships), a namespace prefix on every element, shared strings with rich-text runs,
// inline strings, a formula string, a date serial, gaps between cells and rows, no "r" on some
// cells (they follow the previous one).
std::vector<std::pair<std::string, std::string>> HandBuiltParts(bool date1904) {
  const std::string ns = R"( xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main")"
                         R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  return {
      {"[Content_Types].xml", "<Types/>"},
      {"xl/workbook.xml",
       "<x:workbook" + ns + ">" + (date1904 ? "<x:workbookPr date1904=\"1\"/>" : "<x:workbookPr/>") +
           R"(<x:sheets><x:sheet name="台账" sheetId="7" r:id="rId3"/><x:sheet name="别的" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
       R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>)"
       R"(<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>)"
       R"(</Relationships>)"},
      {"xl/strings.xml",
       "<x:sst" + ns + R"( count="3" uniqueCount="3"><x:si><x:t>账号名称</x:t></x:si>)"
           R"(<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>昆山</x:t></x:r><x:r><x:t xml:space="preserve"> 发布</x:t></x:r><x:rPh><x:t>ハ</x:t></x:rPh></x:si>)"
           R"(<x:si><x:t>开设日期</x:t></x:si></x:sst>)"},
      {"xl/worksheets/sheet1.xml", "<x:worksheet" + ns + R"(><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>错的表</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>)"},
      {"xl/worksheets/sheet2.xml",
       "<x:worksheet" + ns + R"(><x:sheetData>)"
           R"(<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>)"
           R"(<x:row r="2"><x:c r="A2" t="s"/></x:row>)"
           R"(<x:row r="4"><x:c r="A4" t="s"><x:v>1</x:v></x:c><x:c r="C4" s="1"><x:v>42491</x:v></x:c><x:c r="D4" t="str"><x:f>A4</x:f><x:v>昆山 发布</x:v></x:c></x:row>)"
           R"(<x:row r="5"><x:c r="AB5"><x:v>13812345678</x:v></x:c><x:c r="AC5"><x:v>1.5</x:v></x:c><x:c r="AD5" t="b"><x:v>1</x:v></x:c></x:row>)"
           R"(</x:sheetData></x:worksheet>)"},
  };
}

TEST(XlsxReader, ExcelSerialDatesKeepThe1900LeapBug) {
  EXPECT_EQ(ExcelSerialDate(1), D("1900-01-01"));
  EXPECT_EQ(ExcelSerialDate(59), D("1900-02-28"));
  EXPECT_EQ(ExcelSerialDate(60), std::nullopt);  // Excel's 1900-02-29
  EXPECT_EQ(ExcelSerialDate(61), D("1900-03-01"));
  EXPECT_EQ(ExcelSerialDate(42491), D("2016-05-01"));
  EXPECT_EQ(ExcelSerialDate(45583.75), D("2024-10-18"));  // a time of day is dropped
  EXPECT_EQ(ExcelSerialDate(0), std::nullopt);
  EXPECT_EQ(ExcelSerialDate(0, true), D("1904-01-01"));
  EXPECT_EQ(ExcelSerialDate(41029, true), D("2016-05-01"));
}

TEST(XlsxReader, ColumnNames) {
  EXPECT_EQ(XlsxColumnIndex("A"), 0);
  EXPECT_EQ(XlsxColumnIndex("AB"), 27);
  EXPECT_EQ(XlsxColumnIndex("XFD"), 16383);
  EXPECT_EQ(XlsxColumnIndex("A1"), std::nullopt);
  EXPECT_EQ(XlsxColumnName(0), "A");
  EXPECT_EQ(XlsxColumnName(27), "AB");
  EXPECT_EQ(XlsxColumnName(16383), "XFD");
}

TEST(XlsxReader, HandBuiltWorkbookWithSharedInlineAndFormulaStrings) {
  for (bool zip64 : {false, true}) {
    auto sheet = ReadFirstSheet(Zip(HandBuiltParts(false), zip64));
    ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
    EXPECT_EQ(sheet->name, "台账");
    EXPECT_FALSE(sheet->date1904);
    ASSERT_EQ(sheet->rows.size(), 3u);  // row 2 holds only an empty cell
    const XlsxRow& head = sheet->rows[0];
    EXPECT_EQ(head.number, 1);
    ASSERT_EQ(head.cells.size(), 3u);
    EXPECT_EQ(head.cells.at(0).text, "账号名称");
    EXPECT_EQ(head.cells.at(2).text, "开设日期");
    EXPECT_EQ(head.cells.at(3).text, "备注");  // no "r": the column after C
    const XlsxRow& row = sheet->rows[1];
    EXPECT_EQ(row.number, 4);
    EXPECT_EQ(row.cells.at(0).text, "昆山 发布");  // runs joined, the phonetic run left out
    ASSERT_TRUE(row.cells.at(2).number);
    EXPECT_EQ(ExcelSerialDate(*row.cells.at(2).number, sheet->date1904), D("2016-05-01"));
    EXPECT_EQ(row.cells.at(3).text, "昆山 发布");
    const XlsxRow& last = sheet->rows[2];
    EXPECT_EQ(last.number, 5);
    EXPECT_EQ(last.cells.at(27).text, "13812345678");  // a phone typed as a number
    EXPECT_EQ(last.cells.at(28).text, "1.5");
    EXPECT_EQ(last.cells.at(29).text, "TRUE");
  }
}

TEST(XlsxReader, Date1904Workbook) {
  auto sheet = ReadFirstSheet(Zip(HandBuiltParts(true)));
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_TRUE(sheet->date1904);
}

TEST(XlsxReader, LibxlsxwriterWorkbook) {
  const std::string book = testing::Workbook(
      {{std::string("名称"), std::string("日期"), std::string("号码")},
       {},
       {std::string("甲"), D("2016-05-01"), testing::Number{13812345678.0}},
       {std::string(""), std::string(""), std::string(""), std::string("远处")}},
      true);
  auto sheet = ReadFirstSheet(book);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->name, "台账");
  ASSERT_EQ(sheet->rows.size(), 3u);
  EXPECT_EQ(sheet->rows[1].number, 3);
  EXPECT_EQ(ExcelSerialDate(*sheet->rows[1].cells.at(1).number), D("2016-05-01"));
  EXPECT_EQ(sheet->rows[1].cells.at(2).text, "13812345678");
  EXPECT_EQ(sheet->rows[2].number, 4);
  EXPECT_EQ(sheet->rows[2].cells.at(3).text, "远处");
}

TEST(XlsxReader, RefusesWhatIsNoWorkbook) {
  for (const std::string& bytes : {std::string(), std::string("账号名称,主办单位\n"), std::string("PK\x03\x04garbage", 11),
                                   Zip({{"word/document.xml", "<w/>"}}),
                                   Zip({{"xl/workbook.xml", "<workbook><sheets>"}})}) {
    auto sheet = ReadFirstSheet(bytes);
    ASSERT_FALSE(sheet.ok());
    EXPECT_EQ(sheet.status().field(), "file");
  }
  // A shared-string index past the table.
  auto parts = HandBuiltParts(false);
  parts.back().second = R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>9</v></c></row></sheetData></worksheet>)";
  auto sheet = ReadFirstSheet(Zip(parts));
  ASSERT_FALSE(sheet.ok());
  EXPECT_NE(sheet.status().message().find("A1"), std::string::npos) << sheet.status().message();
}

// Found by fuzz_xlsx (docs/fuzzing.md): a row number read with atoi overflowed int on
// 2147483647 + 1 (undefined behaviour) and wrapped on longer numbers, and cells without a
// reference ran past Excel's last column. Such sheets are refused naming the file.
TEST(XlsxReader, RowsAndColumnsPastExcelsLimitsAreRefused) {
  auto with_sheet = [](const std::string& sheet_data) {
    auto parts = HandBuiltParts(false);
    parts.back().second = "<worksheet><sheetData>" + sheet_data + "</sheetData></worksheet>";
    return ReadFirstSheet(Zip(parts));
  };
  for (const char* r : {"2147483647", "99999999999", "1048577", "-3", "0", "1e3", "12a"}) {
    auto sheet = with_sheet(std::string(R"(<row r=")") + r + R"("><c><v>1</v></c></row>)");
    ASSERT_FALSE(sheet.ok()) << r;
    EXPECT_EQ(sheet.status().field(), "file") << r;
    EXPECT_NE(sheet.status().message().find("行号有误"), std::string::npos) << sheet.status().message();
  }
  auto far = with_sheet(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)");
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.status().message().find("XFE1"), std::string::npos) << far.status().message();
  std::string wide = R"(<row r="1">)";
  for (int c = 0; c <= 16384; ++c) wide += "<c><v>1</v></c>";
  auto past = with_sheet(wide + "</row>");
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("最大列数"), std::string::npos) << past.status().message();
  // The last row and column are still read.
  auto last = with_sheet(R"(<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>)");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  ASSERT_EQ(last->rows.size(), 1u);
  EXPECT_EQ(last->rows[0].number, 1048576);
  EXPECT_EQ(last->rows[0].cells.at(16383).text, "7");
}

}  // namespace
}  // namespace govmedia::app
