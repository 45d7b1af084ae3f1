/** The report's only stylesheet, inlined and pinned by its hash in the CSP. No web fonts, no URLs. */
export const REPORT_CSS = `
:root{--fg:#1b1f24;--bg:#fff;--mute:#57606a;--line:#d0d7de;--card:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--warn:#8a5c00;--error:#7a48d6;--na:#57606a;--manual:#0860c8;--waived:#555d66;--link:#0550ae;--fh:0px}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--mute:#9198a1;--line:#3d444d;--card:#151b23;--pass:#3fb950;--fail:#ff7b72;--warn:#d29922;--error:#bc8cff;--na:#9198a1;--manual:#58a6ff;--waived:#9198a1;--link:#79c0ff}}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;color:var(--fg);background:var(--bg);font-size:14px;line-height:1.45}
:lang(ja){font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,system-ui,sans-serif}
body{margin:0 auto;max-width:1400px;padding:0 12px 48px}
h1,.verdict,.scope,.meta,.card,td,th,details p,.facts,.box,#count{overflow-wrap:break-word}
a{color:var(--link)}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px;z-index:5}
:focus-visible{outline:2px solid var(--link);outline-offset:2px}
h1{font-size:1.6rem;margin:16px 0 4px}h2{font-size:1.25rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:1.05rem;margin:14px 0 4px}
h2,h3,#detail,:target{scroll-margin-top:calc(var(--fh) + 8px)}
.meta{color:var(--mute);margin:0 0 8px}.meta span{display:inline-block}.meta span+span::before{content:" · "}
.verdict{font-size:1.3rem;font-weight:700;padding:10px 14px;border-radius:6px;border:2px solid;margin:8px 0}
.scope{font-size:1.05rem;margin:4px 0}
.v-compliant{color:var(--pass)}.v-non-compliant{color:var(--fail)}.v-incomplete{color:var(--error)}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:96px}.card b{display:block;font-size:1.3rem}
.tw{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:6px 0;width:100%}th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}thead th{background:var(--card)}
caption{text-align:left;color:var(--mute);padding:2px 0}
thead th{word-break:keep-all}
#waivers td:last-child,#expired td:last-child{min-width:14em}
#waivers td:nth-child(3),#expired td:nth-child(3),#attest td:nth-child(5),#attest td:nth-child(6),#catalogue td:last-child span{white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums}
.s-pass{color:var(--pass)}.s-fail{color:var(--fail);font-weight:600}.s-warn{color:var(--warn);font-weight:600}.s-error{color:var(--error);font-weight:600}.s-not-applicable{color:var(--na)}.s-manual{color:var(--manual)}.s-waived{color:var(--waived)}
article.fc{border-top:1px solid var(--line);padding:4px 0}article.fc h3{margin:6px 0 2px}.facts{margin:2px 0}
details>summary{cursor:pointer}details.reason{margin:4px 0}details.reason p,details.names p{margin:4px 0 4px 16px}
.matrix-wrap{overflow:auto;max-height:75vh;border:1px solid var(--line);max-width:100%}
.matrix{width:auto;margin:0}.matrix td,.matrix th{padding:1px 4px;font-size:12px;text-align:center;white-space:nowrap}
.matrix thead th{position:sticky;top:0;z-index:1;vertical-align:bottom}.matrix thead th span{writing-mode:vertical-rl}
.matrix th[scope=row],.matrix thead th:first-child{position:sticky;left:0;background:var(--card);text-align:left;z-index:1}.matrix thead th:first-child{z-index:2}
#detail{border:2px solid var(--link);border-radius:6px;padding:4px 10px;margin:8px 0}
.results td:first-child{white-space:nowrap}
pre{white-space:pre-wrap;word-break:break-all;background:var(--card);padding:4px 6px;margin:4px 0;font-size:12px}
code{font-size:12px;word-break:break-all}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dl.kv dt{color:var(--mute)}dl.kv dd{margin:0}
.sub{color:var(--mute);font-size:12px}.box{border-left:3px solid var(--line);padding-left:6px;margin:4px 0}
#filters{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:6px 8px;margin:8px 0;z-index:3}
@media (min-width:900px){#filters{position:sticky;top:0}}
@media screen{section.lazy{content-visibility:auto;contain-intrinsic-size:auto 1200px}article.fc{content-visibility:auto;contain-intrinsic-size:auto 110px}details.reason{content-visibility:auto;contain-intrinsic-size:auto 24px}#cat~.tw{content-visibility:auto;contain-intrinsic-size:auto 3000px}}
.frow{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;margin:2px 0}
#filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 8px;align-items:center}#filters legend{font-weight:600;padding:0;float:left;margin-right:6px}
#filters label{white-space:nowrap}#filters select{max-width:12em}#count{margin:2px 0;color:var(--mute)}
button{font:inherit;padding:2px 10px}
[hidden]{display:none !important}
footer{margin-top:32px;color:var(--mute);font-size:12px}
@media print{
@page{size:A4;margin:14mm}
html{font-size:9.5pt}body{max-width:none;padding:0}
#filters,.skip,.screen,button,.nojs{display:none !important}
header.cover{break-after:page;padding-top:30mm}header.cover .verdict{font-size:20pt}
thead{display:table-header-group}
tr,.box,.card,article.fc h3{break-inside:avoid}article.fc h3{break-after:avoid}
.tw{overflow:visible}
section.ph{break-inside:auto;border-top:1px solid var(--line)}
a{color:inherit;text-decoration:none}
}
@media print{details::details-content{content-visibility:visible;display:block}}
`;
