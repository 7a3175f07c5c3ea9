// Registration functions of the API's route modules; each keeps its handlers private.
#pragma once

#include "app/node.h"
#include "http/router.h"

namespace govmedia::http {

void RegisterSessionRoutes(Router& r, app::Node& platform);
void RegisterRegistryRoutes(Router& r, app::Node& platform);
void RegisterScoringRoutes(Router& r, app::Node& node);
void RegisterIngestRoutes(Router& r, app::Node& node);
void RegisterAlertRoutes(Router& r, app::Node& node);
void RegisterPostRoutes(Router& r, app::Node& node);
void RegisterMonitoringRoutes(Router& r, app::Node& node);
void RegisterSupervisionRoutes(Router& r, app::Node& node);
/// The public correction entry (no session) and its handling by units and the city office.
void RegisterCorrectionRoutes(Router& r, app::Node& node);
/// The Q&A library (咨询答问库): entries, search, review, and suggestions for a correction.
void RegisterQaRoutes(Router& r, app::Node& node);
/// Netizen requests answered in time (限时办理): list, figures, replies, the push API.
void RegisterRequestRoutes(Router& r, app::Node& node);
/// Coordinated reposts (联动发声): tasks and who published the article.
void RegisterRepostRoutes(Router& r, app::Node& node);
/// Review before publication (先审后发): levels, drafts, decisions and posts matched to drafts.
void RegisterReviewRoutes(Router& r, app::Node& node);
/// The approved source units (稿源单位): everyone reads the list, the city office edits it.
void RegisterApprovedSourceRoutes(Router& r, app::Node& node);
/// The security ledger (安全台账): ledgers, handovers, emergency plans and their warnings.
void RegisterSecurityRoutes(Router& r, app::Node& node);
/// Fake engagement (数据造假): anomalies and decisions, documents, series, the snapshot push.
void RegisterEngagementRoutes(Router& r, app::Node& node);
/// XLSX exports of the lists (GET <list>/export); after the lists' own routes.
void RegisterExportRoutes(Router& r, app::Node& node);
// 后台作业 (http/jobs): the nodes and their jobs.
void RegisterJobRoutes(Router& r, app::Node& node);
// 我的报表 (http/reports): reports built as jobs, for their requester.
void RegisterGeneratedReportRoutes(Router& r, app::Node& node);

}  // namespace govmedia::http
