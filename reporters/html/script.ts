/**
 * The report's only script: optional filters, "expand all" and print helpers.
 * The page is complete without it; it only hides rows. Inlined and pinned by its hash in the CSP.
 * It reads nothing but the DOM and writes nothing but `hidden`, `open` and one text node.
 */
export const REPORT_JS = `(function(){
var d=document,f=d.getElementById('filters');if(!f)return;f.hidden=false;
var q=function(s,r){return Array.prototype.slice.call((r||d).querySelectorAll(s));};
var hosts=q('details.host'),mrows=q('#matrix tbody tr'),count=d.getElementById('count'),tpl=count.getAttribute('data-tpl');
var reqOf={},sevOf={};q('#catalogue tr[data-k]').forEach(function(r){var k=r.getAttribute('data-k');reqOf[k]=(r.getAttribute('data-q')||'').split('|');sevOf[k]=r.getAttribute('data-v');});
var cols=q('#matrix thead th[data-r]').map(function(th){return th.getAttribute('data-r');});
var total=q('details.host tr[data-k]').length;
function checked(name){var o={};q('input[name='+name+']',f).forEach(function(i){o[i.value]=i.checked;});return o;}
function apply(){
var st=checked('s'),sv=checked('v'),rq=f.elements.namedItem('r').value,hq=f.elements.namedItem('h').value.trim().toLowerCase(),shown=0;
var narrowed=!!rq;for(var k in st)if(!st[k])narrowed=true;for(var k2 in sv)if(!sv[k2])narrowed=true;
hosts.forEach(function(h){
var hm=!hq||h.getAttribute('data-h').indexOf(hq)>=0,any=false,rows=q('tr[data-k]',h);
rows.forEach(function(r){var k=r.getAttribute('data-k'),v=hm&&st[r.className.slice(2)]&&sv[sevOf[k]]&&(!rq||(reqOf[k]||[]).indexOf(rq)>=0);r.hidden=!v;if(v){shown++;any=true;}});
h.hidden=!hm||(narrowed&&rows.length>0&&!any);});
mrows.forEach(function(r){r.hidden=!(!hq||r.getAttribute('data-h').indexOf(hq)>=0);});
q('#matrix tr').forEach(function(r){var c=r.children;if(c.length!==cols.length+1)return;for(var i=0;i<cols.length;i++)c[i+1].hidden=!!rq&&cols[i]!==rq;});
count.textContent=tpl.replace('{shown}',String(shown)).replace('{total}',String(total));}
f.addEventListener('input',apply);f.addEventListener('change',apply);
var saved=[];function openAll(){saved=hosts.map(function(h){return h.open;});hosts.forEach(function(h){h.open=true;});}
function restore(){hosts.forEach(function(h,i){if(i<saved.length)h.open=saved[i];});}
var ex=d.getElementById('expand');if(ex)ex.addEventListener('click',function(){hosts.forEach(function(h){h.open=true;});});
var pr=d.getElementById('print');if(pr)pr.addEventListener('click',function(){window.print();});
window.addEventListener('beforeprint',openAll);window.addEventListener('afterprint',restore);
q('.controls').forEach(function(c){c.hidden=false;});
apply();})();`;
