/** The report's only stylesheet, inlined and pinned by its hash in the CSP. No web fonts, no URLs. */
export const REPORT_CSS = `
:root{--fg:#1b1f24;--bg:#fff;--mute:#57606a;--line:#d0d7de;--card:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--error:#8250df;--na:#57606a;--manual:#0969da;--waived:#6e7781;--link:#0550ae}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--mute:#9198a1;--line:#3d444d;--card:#151b23;--pass:#3fb950;--fail:#ff7b72;--warn:#d29922;--error:#bc8cff;--na:#9198a1;--manual:#58a6ff;--waived:#9198a1;--link:#79c0ff}}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;color:var(--fg);background:var(--bg);font-size:14px;line-height:1.45}
:lang(ja){font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,system-ui,sans-serif}
body{margin:0 auto;max-width:1400px;padding:0 16px 48px}
a{color:var(--link)}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px}
:focus-visible{outline:2px solid var(--link);outline-offset:2px}
h1{font-size:1.6rem;margin:16px 0 4px}h2{font-size:1.25rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:1.05rem;margin:16px 0 6px}
.meta{color:var(--mute);margin:0 0 8px}.meta span+span::before{content:" · "}
.verdict{font-size:1.2rem;font-weight:700;padding:10px 14px;border-radius:6px;border:2px solid;margin:8px 0}
.v-compliant{color:var(--pass)}.v-non-compliant{color:var(--fail)}.v-incomplete{color:var(--error)}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:110px}.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;margin:6px 0;width:100%}th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}thead th{background:var(--card);position:sticky;top:0}
caption{text-align:left;color:var(--mute);padding:2px 0}
.num{text-align:right;font-variant-numeric:tabular-nums}
.s-pass{color:var(--pass)}.s-fail{color:var(--fail);font-weight:600}.s-warn{color:var(--warn);font-weight:600}.s-error{color:var(--error);font-weight:600}.s-not-applicable{color:var(--na)}.s-manual{color:var(--manual)}.s-waived{color:var(--waived)}
.matrix{width:auto}.matrix td,.matrix th{padding:1px 4px;font-size:12px;text-align:center}.matrix th[scope=row]{text-align:left;white-space:nowrap}
.matrix thead th{writing-mode:vertical-rl;white-space:nowrap;vertical-align:bottom}
.matrix-wrap{overflow:auto;max-height:80vh;border:1px solid var(--line)}
details.host{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:0 8px}details.host>summary{cursor:pointer;padding:6px 0;font-weight:600}
.results td{color:var(--fg);font-weight:400}.results td:first-child,.results td:nth-child(2){white-space:nowrap}
.results .s-pass>td:first-child{color:var(--pass)}.results .s-fail>td:first-child{color:var(--fail);font-weight:600}.results .s-warn>td:first-child{color:var(--warn);font-weight:600}.results .s-error>td:first-child{color:var(--error);font-weight:600}.results .s-not-applicable>td:first-child{color:var(--na)}.results .s-manual>td:first-child{color:var(--manual)}.results .s-waived>td:first-child{color:var(--waived)}
pre{white-space:pre-wrap;word-break:break-all;background:var(--card);padding:4px 6px;margin:4px 0;font-size:12px}
code{font-size:12px;word-break:break-all}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dl.kv dt{color:var(--mute)}dl.kv dd{margin:0}
.sub{color:var(--mute);font-size:12px}.box{border-left:3px solid var(--line);padding-left:6px;margin:4px 0}
#filters{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px;margin:8px 0;position:sticky;top:0;z-index:2}
#filters fieldset{display:inline-block;border:0;margin:0 12px 0 0;padding:0}#filters legend{font-weight:600;padding:0}
#filters label{margin-right:8px;white-space:nowrap}#filters input[type=search]{min-width:16em}
.controls{display:flex;gap:8px;margin:6px 0}
[hidden]{display:none !important}
footer{margin-top:32px;color:var(--mute);font-size:12px}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto}}
@media print{
@page{size:A4;margin:15mm}
html{font-size:10pt}body{max-width:none;padding:0}
#filters,.controls,.skip{display:none !important}
thead{display:table-header-group}thead th{position:static}
tr,.box,.card{break-inside:avoid}
details.host{break-before:page;border:0}
.matrix-wrap{overflow:visible;max-height:none;border:0}
a{color:inherit;text-decoration:none}
}
`;
