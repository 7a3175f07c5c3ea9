#include "core/csv.h"

#include <gtest/gtest.h>

namespace govmedia::core {
namespace {

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto r = ParseCsv("\xEF\xBB\xBF" "id,text\r\n1,\"他说：\"\"好\"\"，行\"\r\n2,\"第一行\n第二行\",\r\n\n3,plain\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].fields, (std::vector<std::string>{"id", "text"}));
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"1", "他说：\"好\"，行"}));
  EXPECT_EQ((*r)[2].fields, (std::vector<std::string>{"2", "第一行\n第二行", ""}));
  EXPECT_EQ((*r)[2].line, 3);
  // The record after a quoted line break starts two lines on, past the blank line too.
  EXPECT_EQ((*r)[3].line, 6);
  EXPECT_EQ((*r)[3].fields, (std::vector<std::string>{"3", "plain"}));
}

TEST(Csv, ALastLineWithoutNewlineAndEmptyFieldsAreKept) {
  auto r = ParseCsv("a,,c\n,,");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields, (std::vector<std::string>{"a", "", "c"}));
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"", "", ""}));
}

TEST(Csv, AnOpenQuoteOrTextAfterAQuoteNamesTheLine) {
  auto open = ParseCsv("id,text\n1,ok\n2,\"never closed\n3,x\n");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().field(), "第 3 行");
  auto after = ParseCsv("id,text\n1,\"quoted\"tail\n");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().field(), "第 2 行");
}

}  // namespace
}  // namespace govmedia::core
