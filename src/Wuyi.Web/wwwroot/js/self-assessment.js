// Live total and the engine's verdict while scoring. The form works without this script;
// the verdict always comes from the server's engine (the preview endpoint), never from here.
(function () {
  const form = document.querySelector('form[data-preview]');
  if (!form) return;
  const inputs = Array.from(form.querySelectorAll('input.score'));
  const total = document.getElementById('live-total');
  const gap = document.getElementById('live-gap');
  const hard = document.getElementById('live-hard');
  const verdict = document.getElementById('live-verdict');
  // The API refuses a POST that rides on the sign-in cookie without the page's antiforgery token (CSRF).
  const token = form.querySelector('input[name="__RequestVerificationToken"]');
  let timer = null;

  function scores() {
    const s = {};
    for (const i of inputs) {
      const code = i.closest('.indicator').dataset.code;
      if (i.value !== '' && !Number.isNaN(Number(i.value))) s[code] = Number(i.value);
    }
    return s;
  }

  function escape(text) {
    const d = document.createElement('div');
    d.textContent = text;
    return d.innerHTML;
  }

  async function preview() {
    const s = scores();
    const sum = Object.values(s).reduce((a, b) => a + b, 0);
    total.textContent = (Math.round(sum * 10) / 10).toString();
    if (Object.keys(s).length < inputs.length) {
      verdict.innerHTML = '<span class="text-secondary">全部指标评分后显示评定结果预览</span>';
      gap.textContent = '—';
      hard.textContent = '—';
      return;
    }
    try {
      const response = await fetch(form.dataset.preview, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-TOKEN': token ? token.value : '' },
        body: JSON.stringify({ scores: s })
      });
      const body = await response.json();
      if (!response.ok) {
        verdict.innerHTML = '<span class="text-danger">' + escape(body.detail || '评分有误') + '</span>';
        return;
      }
      gap.textContent = Math.max(0, Math.round((body.passMark.value - body.total) * 10) / 10) + ' 分';
      hard.textContent = body.hardIndicatorsMet ? '已满分' : '未满分';
      const pass = body.verdict === 'Pass';
      let html = '<span class="badge ' + (pass ? 'text-bg-success' : 'text-bg-warning') + '">' + (pass ? '预计达标' : '预计未达标') + '</span>';
      html += '<ul class="small mt-2 mb-0">';
      html += '<li>总分 ' + body.total + ' 分（达标线 ' + body.passMark.value + ' 分）</li>';
      if (!body.hardIndicatorsMet) html += '<li>硬性指标未满分</li>';
      if (body.vetoes.length > 0) html += '<li>存在一票否决事项</li>';
      if (body.deductionTotal > 0) html += '<li>12345 热线扣 ' + body.deductionTotal + ' 分</li>';
      verdict.innerHTML = html + '</ul>';
    } catch (e) {
      verdict.innerHTML = '<span class="text-secondary">暂时无法预览，保存后可查看</span>';
    }
  }

  for (const i of inputs) i.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(preview, 250); });
  preview(); // a page shown again after a refusal keeps the typed scores: total them at once
})();
