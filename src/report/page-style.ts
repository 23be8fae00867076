import { MONO, SANS } from './diagram-svg.js';

/** The page's CSS: inline, no web fonts, prints cleanly. */
export const PAGE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f9fafb;color:#101828;font:14px/1.5 ${SANS}}
code,.mono,pre{font-family:${MONO};font-size:12px}
a{color:#175cd3;text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#fff;border-bottom:1px solid #eaecf0}
.wrap{max-width:1320px;margin:0 auto;padding:0 16px}
header.top .wrap{padding-top:22px;padding-bottom:18px}
.eyebrow{font-size:12px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#475467}
h1{font-size:26px;line-height:1.25;margin:4px 0 6px}
h2{font-size:18px;margin:0 0 4px}
h3{font-size:14px;margin:0}
.sub{color:#475467;margin:0}
nav.toc{display:flex;gap:18px;flex-wrap:wrap;margin-top:14px;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:18px 0 0}
.card{background:#fff;border:1px solid #eaecf0;border-radius:10px;padding:12px 14px}
.card .k{font-size:12px;color:#475467}
.card .v{font-size:20px;font-weight:700;margin-top:2px}
.card.ok{border-color:#abefc6;background:#f6fef9}.card.ok .v{color:#067647}
.card.bad{border-color:#fecdca;background:#fffbfa}.card.bad .v{color:#b42318}
.card.none .v{color:#667085}
section{background:#fff;border:1px solid #eaecf0;border-radius:12px;margin:20px 0;padding:20px 22px}
section>header{display:flex;justify-content:space-between;align-items:flex-end;gap:12px;flex-wrap:wrap;margin-bottom:14px}
.muted{color:#667085}
.notice{border:1px solid #d0d5dd;background:#f9fafb;border-radius:8px;padding:10px 14px;color:#344054}
.diagram-scroll{overflow-x:auto;border:1px solid #eaecf0;border-radius:10px;background:#fcfcfd;padding:8px}
.diagram-scroll svg.dg{display:block;width:100%;height:auto}
.legend{display:flex;flex-wrap:wrap;gap:8px 22px;margin-top:12px;font-size:12.5px;color:#344054;align-items:center}
.legend svg{vertical-align:middle;margin-right:6px}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;border:1px solid transparent;white-space:nowrap}
.b-pass{background:#ecfdf3;color:#067647;border-color:#abefc6}
.b-fail{background:#fef3f2;color:#b42318;border-color:#fecdca}
.b-allow{background:#eff8ff;color:#175cd3;border-color:#b2ddff}
.b-deny{background:#f4f3ff;color:#5925dc;border-color:#d9d6fe}
.b-kind{background:#f2f4f7;color:#344054;border-color:#eaecf0}
.b-error{background:#fef3f2;color:#b42318;border-color:#fecdca}
.b-warning{background:#fffaeb;color:#b54708;border-color:#fedf89}
.b-info{background:#eff8ff;color:#175cd3;border-color:#b2ddff}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
.filters label{font-size:12px;color:#475467;display:flex;flex-direction:column;gap:2px}
select,input[type=search]{font:inherit;font-size:13px;padding:5px 8px;border:1px solid #d0d5dd;border-radius:8px;background:#fff;color:#101828;min-width:150px}
button{font:inherit;font-size:13px;border:1px solid #d0d5dd;background:#fff;border-radius:8px;padding:5px 10px;cursor:pointer;color:#344054}
button:hover{background:#f9fafb}
.count{font-size:13px;color:#475467}
table{border-collapse:collapse;width:100%}
th{font-size:12px;text-align:left;color:#475467;font-weight:600;background:#f9fafb;border-bottom:1px solid #eaecf0;padding:8px 10px;position:sticky;top:0}
td{border-bottom:1px solid #f2f4f7;padding:8px 10px;vertical-align:top}
table.access{table-layout:fixed}table.access th:nth-child(1){width:26px}table.access th:nth-child(2){width:74px}table.access th:nth-child(3){width:16%}table.access th:nth-child(4){width:66px}table.access th:nth-child(6){width:14%}table.access th:nth-child(8){width:80px}
table.access td{overflow-wrap:anywhere;padding:5px 8px}
td.arn{font-family:${MONO};font-size:12px}
tr.row{cursor:pointer}tr.row:hover td{background:#f9fafb}
tr.row.fail td{background:#fffbfa}
tr.row[data-finding] td:first-child{box-shadow:inset 3px 0 0 #f79009}
td.tg{width:22px;color:#667085;font-size:11px}
td.tg::before{content:'▶';display:inline-block}
tr.row[aria-expanded=true] td.tg::before{transform:rotate(90deg)}
td.arn i{display:block;font-style:normal;font-family:${SANS};font-size:11.5px;color:#475467}
tr.group td{background:#f2f4f7;font-weight:600;font-size:13px;cursor:pointer}
tr.group.fail td{background:#fef3f2;color:#b42318}
tr.fold td{color:#475467;font-size:12.5px;cursor:pointer;padding-left:32px}
tr.fold:hover td,tr.group:hover td{text-decoration:underline}
span.tw{display:inline-block;width:18px;color:#667085;font-size:11px}
span.tw::before{content:'▶';display:inline-block}
tr[aria-expanded=true] span.tw::before{transform:rotate(90deg)}
details.sources>summary{cursor:pointer;font-weight:600;font-size:14px;margin:14px 0 6px}
ol.sources{font-size:12.5px;color:#475467;padding-left:26px}
ol.sources li{overflow-wrap:anywhere}
ol.sources li:target{background:#fffaeb}
tr.detail td{background:#fcfcfd;padding:12px 18px 16px 42px}
.kv{display:grid;grid-template-columns:130px 1fr;gap:6px 14px;font-size:13px}
.kv dt{color:#475467}.kv dd{margin:0}
ul.plain{list-style:none;margin:0;padding:0}
ul.plain li{margin:2px 0}
details.policy{border:1px solid #eaecf0;border-radius:10px;margin:10px 0;background:#fff}
details.policy>summary{cursor:pointer;padding:10px 14px;display:flex;gap:10px;align-items:center;flex-wrap:wrap;list-style:none}
details.policy>summary::-webkit-details-marker{display:none}
details.policy>summary::before{content:'▸';color:#667085;font-size:12px}
details.policy[open]>summary::before{content:'▾'}
details.policy>summary .name{font-weight:600;font-family:${MONO};font-size:13px}
details.policy .body{padding:4px 14px 14px}
table.stmts{table-layout:fixed}.stmts td{font-size:12.5px;overflow-wrap:anywhere}
.stmts td .mono{overflow-wrap:normal}
.effect-Allow{color:#067647;font-weight:700}.effect-Deny{color:#b42318;font-weight:700}
.reason{color:#344054;max-width:340px}
pre.json{background:#101828;color:#e4e7ec;border-radius:8px;padding:12px;overflow:auto;max-height:420px;font-size:11.5px}
details.raw>summary{cursor:pointer;font-size:12.5px;color:#475467;margin-top:10px}
details.account-group,details.deploy-group{border:1px solid #eaecf0;border-radius:10px;margin:10px 0;padding:0 14px;background:#fcfcfd}
details.account-group>summary,details.deploy-group>summary{cursor:pointer;padding:10px 0;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
details.account-group>summary .name{font-weight:700}
details.deploy-group>table{margin-bottom:12px}
.group-title{font-size:13px;font-weight:700;color:#344054;margin:18px 0 6px;text-transform:uppercase;letter-spacing:.04em}
.finding{border:1px solid #eaecf0;border-left:4px solid #98a2b3;border-radius:8px;padding:10px 14px;margin:10px 0}
.finding.sev-error{border-left-color:#d92d20}.finding.sev-warning{border-left-color:#f79009}.finding.sev-info{border-left-color:#2e90fa}
.finding .fix{margin-top:6px}
.wave{font-weight:700;color:#175cd3}
footer{color:#98a2b3;font-size:12px;text-align:center;padding:10px 0 30px}
[hidden]{display:none!important}
@media print{.filters,nav.toc,button{display:none}section{break-inside:avoid-page}}
`;
