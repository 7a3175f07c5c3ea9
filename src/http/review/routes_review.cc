// Review before publication (先审后发): the units' review levels, drafts through them, and the
// archived posts matched to their approved drafts (app/review/review_service.h).
#include "http/json_body.h"
#include "http/routes.h"

namespace govmedia::http {

void RegisterReviewRoutes(Router& r, app::Node& node) {
  app::ReviewService& review = node.review();

  r.Get("/api/review/settings", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    return review.Config(c.principal(), *unit);
  });

  r.Put("/api/review/settings", Access::kSession,
        [&review](Ctx& c) -> core::Result<json> { return review.SetConfig(c.principal(), c.body); });

  r.Get("/api/review/drafts", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    app::DraftFilter f;
    f.queue = c.Query("queue") == "1" || c.Query("queue") == "true";
    f.status = c.Query("status");
    auto account = QueryInt(c.Query("account_id"), "account_id");
    if (!account.ok()) return account.status();
    f.account_id = *account;
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    f.unit_id = *unit;
    return review.List(c.principal(), f);
  });

  r.Post("/api/review/drafts", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    auto d = review.Submit(c.principal(), c.body);
    if (!d.ok()) return d.status();
    c.status = 201;
    return d;
  });

  r.Get("/api/review/drafts/{id}", Access::kSession,
        [&review](Ctx& c) -> core::Result<json> { return review.Get(c.principal(), c.PathId()); });

  r.Post("/api/review/drafts/{id}/resubmit", Access::kSession,
         [&review](Ctx& c) -> core::Result<json> { return review.Resubmit(c.principal(), c.PathId(), c.body); });

  r.Post("/api/review/drafts/{id}/decision", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    auto decision = BodyString(c.body, "decision", true);
    if (!decision.ok()) return decision.status();
    auto comment = BodyString(c.body, "comment", false);
    if (!comment.ok()) return comment.status();
    return review.Decide(c.principal(), c.PathId(), *decision, *comment);
  });

  r.Post("/api/review/drafts/{id}/images", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    auto file = BodyFile(c.body);
    if (!file.ok()) return file.status();
    auto d = review.AddImage(c.principal(), c.PathId(), file->first, file->second);
    if (!d.ok()) return d.status();
    c.status = 201;
    return d;
  }, kUploadBody);

  r.Get("/api/review/images/{id}", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    auto image = review.Image(c.principal(), c.PathId());
    if (!image.ok()) return image.status();
    c.res.set_content(image->first, image->second);
    return json(nullptr);
  });

  r.Get("/api/review/posts", Access::kSession, [&review](Ctx& c) -> core::Result<json> {
    auto unit = QueryInt(c.Query("unit_id"), "unit_id");
    if (!unit.ok()) return unit.status();
    return review.Matches(c.principal(), c.Query("verdict"), *unit);
  });

  r.Get("/api/review/posts/{id}", Access::kSession,
        [&review](Ctx& c) -> core::Result<json> { return review.Compare(c.principal(), c.PathId()); });
}

}  // namespace govmedia::http
