/**
 * The report's only script, inlined and pinned by its hash in the CSP. The page's tables are
 * complete without it. It reads the JSON blocks (#meta, #data, and #diffdata with a baseline), and on
 * a filter change recomputes every table and counter the page rendered (same rules as ../html.ts):
 * counters, requirements, worst stores and terminals, failing checks, reasons, catalogue, waivers,
 * expired waivers, attestations and the changes since the baseline. It renders the terminal ×
 * requirement matrix page by page, one terminal's details on demand (#h<n>), and, when asked, every
 * terminal's details for printing. Everything it writes is escaped by e().
 *
 * Speed: a rewritten container replaces the node the server rendered, which is kept; clearing the
 * filters puts those nodes back without recomputing anything, and a container whose new HTML equals
 * what it already shows is left alone.
 */
export const REPORT_JS = String.raw`(function(){
'use strict';
var d=document,f=d.getElementById('filters');
if(!f||!window.JSON)return;
function $(id){return d.getElementById(id);}
function e(s){return String(s==null?'':s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}
function fmt(t,v){return t.replace(/\{(\w+)\}/g,function(m,k){return k in v?v[k]:m;});}
var M=JSON.parse($('meta').textContent),raw=JSON.parse($('data').textContent),dd=$('diffdata'),DD=dd&&JSON.parse(dd.textContent);
var S=M.S,SL=M.SL,SY=M.SY,V=M.V,VL=M.VL,R=M.R,ST=M.ST,C=M.C,W=M.W,CAP=M.CAP,WV=M.WV,XW=M.XW;
var FAIL=S.indexOf('fail'),WARN=S.indexOf('warn'),ERR=S.indexOf('error'),PASS=S.indexOf('pass'),NA=S.indexOf('not-applicable');
var RANK=S.map(function(s){return {fail:6,error:5,warn:4,manual:3,waived:2,pass:1,'not-applicable':0}[s];});
var REQ_COLS=['fail','error','warn','manual','waived','pass','not-applicable'].map(function(s){return S.indexOf(s);});
// The string table (see html/data.ts): a literal in a ref position is appended, a number is an index.
var T=[];function ref(v){if(typeof v==='string'){T.push(v);return v;}return typeof v==='number'?T[v]:'';}
// Resolved in place, in writing order, so no second copy of 60,000 results is made.
// A host: [name, store, error, platform, results, info, notes]; a result: [k, status, findings, extra,
// waiver (index in WV), expired waiver (index in XW), attestation]; a finding: [status, message,
// location, more, remediation]; an attestation: [status, by, date, expires, observed, source].
var all=0;
var hosts=raw.map(function(h,i){
h[3]=ref(h[3]);var res=h[4]||(h[4]=[]);all+=res.length;
for(var a=0;a<res.length;a++){var r=res[a],fs=r[2];if(fs)for(var b=0;b<fs.length;b++){var x=fs[b];x[1]=ref(x[1]);x[2]=ref(x[2]);x[3]=ref(x[3]);x[4]=ref(x[4]);}else r[2]=[];r[3]=ref(r[3]);var at=r[6];if(at)for(var y=1;y<6;y++)at[y]=ref(at[y]);}
var info=h[5]||[];for(var c=0;c<info.length;c++){info[c][0]=ref(info[c][0]);info[c][1]=ref(info[c][1]);}
var o={i:i,n:h[0],st:h[1],err:h[2]==null?null:h[2],p:h[3],r:res,info:info,notes:h[6]||[]};
o.key=(o.n+' '+(o.st>=0?ST[o.st]:'')).toLowerCase();return o;});
var RK={};function reasonKey(s){return s.replace(/"[^"]*"/g,'"…"').replace(/[0-9a-f]*:[0-9a-f:]+/gi,'#').replace(/\d+/g,'#').trim();}
function sym(s){return '<span class="s-'+S[s]+'">'+SY[s]+'</span>';}
function reqNames(k){return C[k][4].map(function(q){return R[q];});}
var state;
function read(){
var o={st:f.elements.namedItem('st').value,r:f.elements.namedItem('r').value,c:f.elements.namedItem('c').value,h:f.elements.namedItem('h').value.trim().toLowerCase(),s:{},v:{},narrowed:false};
Array.prototype.forEach.call(f.querySelectorAll('input[name=s]'),function(i){o.s[S.indexOf(i.value)]=i.checked;if(!i.checked)o.narrowed=true;});
Array.prototype.forEach.call(f.querySelectorAll('input[name=v]'),function(i){o.v[V.indexOf(i.value)]=i.checked;if(!i.checked)o.narrowed=true;});
if(o.r||o.c)o.narrowed=true;o.ri=o.r?R.indexOf(o.r):-1;o.sti=o.st?ST.indexOf(o.st):-2;
o.k=C.map(function(c){return !!o.v[c[3]]&&(o.ri<0||c[4].indexOf(o.ri)>=0)&&(!o.c||c[0]===o.c);});return o;}
function hostOk(h,o){return (o.sti===-2||h.st===o.sti)&&(!o.h||h.key.indexOf(o.h)>=0);}
function resOk(r,o){return o.s[r[1]]&&o.k[r[0]];}
function card(t,v,cls){return '<div class="card'+(cls?' '+cls:'')+'"><b>'+e(v)+'</b>'+t+'</div>';}
// Containers the filters rewrite, by how to find each now. P keeps the node the server rendered.
function tb(id){return function(){var t=$(id);return t&&t.tBodies[0];};}
function byId(id){return function(){return $(id);};}
var SLOT={cards:byId('cards'),sev:tb('sev'),requirements:tb('requirements'),stores:tb('stores'),worst:tb('worst'),failing:byId('failing'),errors:byId('errors'),catalogue:tb('catalogue'),waivers:tb('waivers'),expired:tb('expired'),attest:tb('attest'),'attest-more':byId('attest-more'),'diff-cards':byId('diff-cards')};
var DIFF=['new','fixed','not-rechecked'];
DIFF.forEach(function(id){SLOT['diff-'+id]=byId('diff-'+id);SLOT['diff-'+id+'-t']=tb('diff-'+id+'-t');SLOT['diff-'+id+'-more']=byId('diff-'+id+'-more');});
var P={};
function swap(key,cur,n){if(!P[key])P[key]=cur;cur.parentNode.replaceChild(n,cur);}
// Show html in a container (and hide it or not), unless it already shows exactly that.
function put(key,html,hide){var cur=SLOT[key]();if(!cur)return;var h=(hide?'-':'+')+html;if(cur._h===h)return;var n=cur.cloneNode(false);n.innerHTML=html;n.hidden=!!hide;n._h=h;swap(key,cur,n);}
function restore(){for(var key in P){var cur=SLOT[key]();if(cur!==P[key])cur.parentNode.replaceChild(P[key],cur);}}
function none(cols){return '<tr><td colspan="'+cols+'">'+e(W.none)+'</tr>';}
function moreText(n,cap){return n>cap?e(fmt(W.more,{n:n-cap})):'';}
function hostList(g){return e(g.names.join(', '))+(g.hosts>g.names.length?' '+e(fmt(W.more,{n:g.hosts-g.names.length})):'');}
function statusCell(s){return '<td class="s-'+S[s]+'">'+SY[s]+' '+e(SL[s]);}
function waiverCells(w){return '<tr><td>'+e(w[0])+'<td>'+e(w[1])+'<td>'+e(w[2])+'<td>'+e(w[3]);}
function wgroups(list){return list.map(function(){return {results:0,hosts:0,names:[],last:-1};});}
function wcount(g,h){g.results++;if(g.last===h.i)return;g.last=h.i;g.hosts++;if(g.names.length<CAP.hostNames)g.names.push(h.n);}
var DH=DD?DD.T.map(function(t){return (t[0]+' '+(t[1]>=0?ST[t[1]]:'')).toLowerCase();}):[];
function status(){$('count').textContent=fmt(W.filtered,{hosts:state.n,total:hosts.length,results:state.shown,all:all});rows=state.rows;page=0;matrix();}
function apply(){
var o=state=read();
if(!o.narrowed&&o.sti===-2&&!o.h){
// Nothing filtered: the page as the server rendered it.
restore();DIFF.forEach(function(id){var x=$('diff-'+id+'-d');if(x)x.hidden=false;});if($('diff-unfiltered'))$('diff-unfiltered').hidden=true;
o.n=hosts.length;o.shown=all;o.rows=hosts;status();return;}
var n=0,scanned=0,counts=S.map(function(){return 0;}),sev=V.map(function(){return 0;}),shown=0;
var req=R.map(function(){return S.map(function(){return 0;});}),stores={},worst=[],fc=C.map(function(){return {fail:0,warn:0,n:0,names:[]};}),groups={},cat=C.map(function(){return S.map(function(){return 0;});});
var wv=wgroups(WV),xw=wgroups(XW),at=[],atn=0;
var unscanned=0,matched=[];
hosts.forEach(function(h){
if(!hostOk(h,o))return;n++;
var sk=h.st>=0?ST[h.st]:'',sa=stores[sk]||(stores[sk]={name:sk,hosts:0,failing:0,fail:0,error:0});sa.hosts++;
if(h.err!==null){unscanned++;group('u',h.err,h,null);matched.push(h);return;}
scanned++;var c=[0,0,0],wq={},any=false;
h.r.forEach(function(r){if(!resOk(r,o))return;var rs=r[1],rk=r[0];any=true;shown++;counts[rs]++;cat[rk][rs]++;var k=C[rk];
if(rs===FAIL){sev[k[3]]++;c[0]++;}if(rs===ERR){c[1]++;var ms=r[2].filter(function(x){return x[0]===ERR;});if(!ms.length)group('e',W.noReason,h,k[0]);ms.forEach(function(x){group('e',x[1],h,k[0]);});}if(rs===WARN)c[2]++;
if(rs===FAIL||rs===WARN){var q=fc[rk];if(rs===FAIL)q.fail++;else q.warn++;q.n++;if(q.names.length<CAP.names)q.names.push(h.n);}
if(r[4]!=null)wcount(wv[r[4]],h);if(r[5]!=null)wcount(xw[r[5]],h);if(r[6]){atn++;if(at.length<CAP.list)at.push([h,r]);}
var kq=k[4];for(var z=0;z<kq.length;z++){var qi=kq[z];if(wq[qi]===undefined||RANK[rs]>RANK[wq[qi]])wq[qi]=rs;}});
for(var qk in wq)req[qk][wq[qk]]++;
sa.fail+=c[0];sa.error+=c[1];if(c[0])sa.failing++;
if(c[0]||c[1]||c[2])worst.push({h:h,c:c});
if(!o.narrowed||any)matched.push(h);});
function group(kind,reason,h,check){var rk=RK[reason]||(RK[reason]=reasonKey(reason)),gk=kind+'\u0000'+rk,g=groups[gk]||(groups[gk]={reason:reason,u:kind==='u',hosts:0,names:[],checks:{},last:-1});if(g.last!==h.i){g.last=h.i;g.hosts++;if(g.names.length<CAP.names)g.names.push(h.n);}if(check)g.checks[check]=1;}
// Counters
// Automated pass rate: pass / (pass + fail + warn + error); manual items are counted apart (labels.complianceRate).
var total=counts.reduce(function(a,b){return a+b;},0),den=counts[PASS]+counts[FAIL]+counts[WARN]+counts[ERR],man=counts[S.indexOf('manual')];
var rate=den?Math.round(counts[PASS]/den*1000)/10:undefined,html=card(e(W.hostsInScope),n)+card(e(W.scanned),scanned)+card(e(W.unreachable),unscanned,unscanned?'s-error':'')+card(e(W.rate),rate===undefined?'—':rate+'%')+card(e(W.manualPending),man,man?'s-manual':'');
S.forEach(function(s,i){html+=card(SY[i]+' '+e(SL[i]),counts[i],'s-'+s);});html+=card(e(W.resultsCounted),total);
put('cards',html);
put('sev','<tr>'+sev.map(function(x){return '<td class="num">'+x+'</td>';}).join('')+'</tr>');
// Requirements
html='';R.forEach(function(q,i){if(o.ri>=0&&i!==o.ri)return;html+='<tr><th scope="row">'+e(q)+'</th>';REQ_COLS.forEach(function(s){var v=req[i][s];html+='<td class="num'+(v&&s!==PASS&&s!==NA?' s-'+S[s]:'')+'">'+v;});html+='<td class="num">'+unscanned+'</tr>';});
put('requirements',html);
// Worst stores and terminals
var sl=Object.keys(stores).map(function(k){return stores[k];}).filter(function(s){return s.failing||s.error;}).sort(function(a,b){return b.failing-a.failing||b.fail-a.fail||b.error-a.error||a.name.localeCompare(b.name);}).slice(0,CAP.top);
put('stores',sl.length?sl.map(function(s){return '<tr><th scope="row">'+(s.name?e(s.name):e(W.noStore))+'</th><td class="num">'+s.hosts+'<td class="num">'+s.failing+'<td class="num">'+s.fail+'<td class="num">'+s.error+'</tr>';}).join(''):none(5));
worst.sort(function(a,b){return b.c[0]-a.c[0]||b.c[1]-a.c[1]||b.c[2]-a.c[2]||a.h.i-b.h.i;});worst=worst.slice(0,CAP.top);
put('worst',worst.length?worst.map(function(w){return '<tr><th scope="row"><a href="#h'+w.h.i+'">'+e(w.h.n)+'</a></th><td>'+e(w.h.st>=0?ST[w.h.st]:'')+'<td class="num">'+w.c[0]+'<td class="num">'+w.c[1]+'<td class="num">'+w.c[2]+'</tr>';}).join(''):none(5));
// Failing checks, remediation once
var ks=[];fc.forEach(function(q,k){if(q.n)ks.push(k);});
ks.sort(function(a,b){return fc[b].fail-fc[a].fail||fc[b].n-fc[a].n||C[a][3]-C[b][3]||a-b;});
put('failing',ks.length?ks.map(function(k){var c=C[k],q=fc[k];return '<article class="fc"><h3><code>'+e(c[0])+'</code> '+e(c[2])+'</h3><p class="facts"><span class="s-fail">'+SY[FAIL]+' '+e(fmt(W.countFail,{n:q.fail}))+'</span> · <span class="s-warn">'+SY[WARN]+' '+e(fmt(W.countWarn,{n:q.warn}))+'</span> · '+e(W.severity)+': '+e(VL[c[3]])+' · '+e(W.requirements)+': '+e(reqNames(k).join(', '))+'</p><p class="box"><b>'+e(W.remediation)+'</b>: '+e(c[5])+'</p><details class="names"><summary>'+e(fmt(W.affectedHosts,{n:q.n}))+'</summary><p>'+e(q.names.join(', '))+(q.n>q.names.length?' '+e(fmt(W.more,{n:q.n-q.names.length})):'')+'</p></details></article>';}).join(''):'<p>'+e(W.none)+'</p>');
// Could not decide, by reason
var gl=Object.keys(groups).map(function(k){return groups[k];}).sort(function(a,b){return b.hosts-a.hosts||a.reason.localeCompare(b.reason);});
put('errors',gl.length?gl.map(function(g){var ch=Object.keys(g.checks).sort();return '<details class="reason"><summary><span class="s-error">'+SY[ERR]+'</span> '+e(fmt(W.reasonHosts,{n:g.hosts,reason:g.u?W.notScannedReason+': '+g.reason:g.reason}))+'</summary>'+(ch.length?'<p>'+e(W.checksLabel)+': '+ch.map(function(c){return '<code>'+e(c)+'</code>';}).join(' ')+'</p>':'')+'<p>'+e(W.terminalsLabel)+': '+e(g.names.join(', '))+(g.hosts>g.names.length?' '+e(fmt(W.more,{n:g.hosts-g.names.length})):'')+'</p></details>';}).join(''):'<p>'+e(W.none)+'</p>');
// Catalogue: the rendered rows, their counts narrowed
var cb=SLOT.catalogue(),sig=cat.join(';');
if(cb&&cb._h!==sig){var nb=(P.catalogue||cb).cloneNode(true);nb._h=sig;
Array.prototype.forEach.call(nb.rows,function(tr){var k=+tr.getAttribute('data-k'),c=cat[k],any=c.some(function(x){return x>0;});tr.hidden=!any;tr.lastElementChild.innerHTML=S.map(function(s,i){return c[i]?'<span class="s-'+s+'">'+SY[i]+'\u00a0'+c[i]+'</span>':'';}).filter(Boolean).join(' ');});
swap('catalogue',cb,nb);}
// Waivers, expired waivers, attestations: rows with a result under the filters
var wl=[];wv.forEach(function(g,i){if(g.results&&wl.length<CAP.list)wl.push(waiverCells(WV[i])+'<td class="num">'+g.results+'<td>'+hostList(g)+'</tr>');});
put('waivers',wl.length?wl.join(''):none(6));
wl=[];xw.forEach(function(g,i){if(g.hosts&&wl.length<CAP.list)wl.push(waiverCells(XW[i])+'<td>'+hostList(g)+'</tr>');});
put('expired',wl.length?wl.join(''):none(5));
put('attest',at.length?at.map(function(x){var h=x[0],a=x[1][6];return '<tr><td>'+e(h.n)+'<td><code>'+e(C[x[1][0]][0])+'</code>'+statusCell(a[0])+'<td>'+e(a[1])+'<td>'+e(a[2])+'<td>'+e(a[3])+'<td>'+e(a[4])+'<td>'+e(a[5])+'</tr>';}).join(''):none(8));
put('attest-more',moreText(atn,CAP.list),atn<=CAP.list);
// Changes since the baseline
if(DD){var dg=[[],[],[],[]];DD.E.forEach(function(x){var k=DD.K[x[2]],t=DD.T[x[3]];
if(o.s[x[1]]&&o.v[k[1]]&&(o.ri<0||k[2].indexOf(o.ri)>=0)&&(!o.c||k[0]===o.c)&&(o.sti===-2||t[1]===o.sti)&&(!o.h||DH[x[3]].indexOf(o.h)>=0))dg[x[0]].push(x);});
put('diff-cards',dg.map(function(l,i){return card(e(M.DG[i]),l.length);}).join(''));
DIFF.forEach(function(id,i){var l=dg[i],box=$('diff-'+id+'-d');if(!box)return;box.hidden=!l.length;
put('diff-'+id,e(M.DG[i])+' ('+l.length+')');
put('diff-'+id+'-t',l.slice(0,CAP.list).map(function(x){return '<tr>'+statusCell(x[1])+'<td>'+e(DD.T[x[3]][0])+'<td><code>'+e(DD.K[x[2]][0])+'</code><td>'+e(x[4])+(x[5]?'<div class="sub">'+e(x[5])+'</div>':'')+'</tr>';}).join(''));
put('diff-'+id+'-more',moreText(l.length,CAP.list),l.length<=CAP.list);});}
else if($('diff-unfiltered'))$('diff-unfiltered').hidden=false;
o.n=n;o.shown=shown;o.rows=matched;status();}
// Terminal × requirement matrix, a page at a time, host column pinned
var rows=[],page=0,PAGE=50,more=$('more'),wrap=$('matrix-wrap');
function cols(){return state.ri>=0?[state.ri]:R.map(function(q,i){return i;});}
function matrixRow(h,cs){var s='<tr><th scope="row"><a href="#h'+h.i+'">'+e(h.n)+'</a></th><td>'+e(h.st>=0?ST[h.st]:'');
if(h.err!==null)return s+'<td class="s-error" colspan="'+cs.length+'">'+SY[ERR]+' '+e(W.unreachable)+'</tr>';
var wq={};h.r.forEach(function(r){if(!resOk(r,state))return;C[r[0]][4].forEach(function(qi){if(wq[qi]===undefined||RANK[r[1]]>RANK[wq[qi]])wq[qi]=r[1];});});
cs.forEach(function(qi){var v=wq[qi];s+=v===undefined?'<td>':'<td class="s-'+S[v]+'" title="'+e(SL[v])+'">'+SY[v];});return s+'</tr>';}
function matrix(){var cs=cols(),end=Math.min(rows.length,(page+1)*PAGE),b='';
for(var i=0;i<end;i++)b+=matrixRow(rows[i],cs);
wrap.innerHTML='<table class="matrix" id="matrix"><thead><tr><th scope="col">'+e(W.host)+'</th><th scope="col">'+e(W.store)+'</th>'+cs.map(function(qi){return '<th scope="col"><span>'+e(R[qi])+'</span></th>';}).join('')+'</tr></thead><tbody>'+b+'</tbody></table>';
var left=rows.length-end;more.hidden=left<=0;more.textContent=fmt(W.showMore,{n:Math.min(PAGE,left)});}
more.addEventListener('click',function(){page++;matrix();});
// One terminal's details
function detail(h,heading){var o=state,b='<h'+heading+'>'+e(h.n)+(h.st>=0?' · '+e(ST[h.st]):'')+' · '+e(h.p)+'</h'+heading+'><dl class="kv">';
h.info.forEach(function(kv){b+='<dt>'+e(kv[0])+'</dt><dd>'+e(kv[1])+'</dd>';});b+='</dl>';
h.notes.forEach(function(n){b+='<p class="s-warn">'+SY[WARN]+' '+e(n)+'</p>';});
if(h.err!==null)return b+'<p class="s-error">'+SY[ERR]+' '+e(W.unreachable)+': '+e(h.err)+'</p>';
var rs=h.r.filter(function(r){return resOk(r,o);}).sort(function(a,b){return RANK[b[1]]-RANK[a[1]]||C[a[0]][3]-C[b[0]][3];});
if(!rs.length)return b+'<p>'+e(W.noResults)+'</p>';
b+='<div class="tw" tabindex="0"><table class="results"><thead><tr><th scope="col">'+e(W.status)+'</th><th scope="col">'+e(W.check)+'</th><th scope="col">'+e(W.message)+'</th></tr></thead><tbody>';
rs.forEach(function(r){var c=C[r[0]],fs=r[2].length?r[2]:[[r[1],c[2]]],problem=r[1]!==PASS&&r[1]!==NA;
fs.forEach(function(x,j){b+='<tr><td class="s-'+S[x[0]]+'">'+SY[x[0]]+' '+e(SL[x[0]])+'<td><code>'+e(c[0])+'</code>'+(problem?' <span class="sub">'+e(VL[c[3]])+'</span>':'')+'<td>'+e(x[1])+(x[2]?'<br><code>'+e(x[2])+'</code>':'')+(x[3]?'<pre>'+e(x[3])+'</pre>':'')+(x[4]?'<div class="box"><b>'+e(W.remediation)+'</b>: '+e(x[4])+'</div>':'')+(j===fs.length-1&&r[3]?'<div class="box">'+e(r[3])+'</div>':'')+(j===fs.length-1&&S[r[1]]==='manual'&&c[6]?'<div class="box"><b>'+e(W.procedure)+'</b>: '+e(c[6])+'</div>':'')+'</tr>';});});
return b+'</tbody></table></div>';}
var box=$('detail');
function route(){var m=/^#h(\d+)$/.exec(location.hash),h=m&&hosts[+m[1]];if(!h){box.hidden=true;return;}
box.innerHTML='<p><button type="button" id="close">'+e(W.close)+'</button></p>'+detail(h,3);box.hidden=false;$('close').addEventListener('click',function(){history.replaceState(null,'',' ');box.hidden=true;});box.focus();}
window.addEventListener('hashchange',route);
// Print: expand the collapsed lists; terminal details only when asked
var pd=$('print-detail'),opened=[];
window.addEventListener('beforeprint',function(){opened=Array.prototype.filter.call(d.querySelectorAll('details.names,details.reason,#changes details'),function(x){return !x.open;});opened.forEach(function(x){x.open=true;});
if($('print-hosts').checked){var b='<h2>'+e(W.hostDetail)+'</h2>';rows.forEach(function(h){b+='<section class="ph">'+detail(h,3)+'</section>';});pd.innerHTML=b;}});
window.addEventListener('afterprint',function(){opened.forEach(function(x){x.open=false;});opened=[];pd.innerHTML='';});
$('print-now').addEventListener('click',function(){window.print();});
$('clear').addEventListener('click',function(){f.reset();apply();});
f.addEventListener('input',function(){apply();});f.addEventListener('change',function(){apply();});f.addEventListener('submit',function(ev){ev.preventDefault();});
f.hidden=false;$('nojs').hidden=true;wrap.hidden=false;
function bar(){d.documentElement.style.setProperty('--fh',(getComputedStyle(f).position==='sticky'?f.offsetHeight:0)+'px');}
window.addEventListener('resize',bar);
apply();bar();route();})();`;
