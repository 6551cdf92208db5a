// Live total and the engine's verdict while scoring. The form works without this script;
// the verdict always comes from the server's engine (the preview endpoint), never from here.
(function () {
  const form = document.querySelector('form[data-preview]');
  if (!form) return;
  const inputs = Array.from(form.querySelectorAll('input.score'));
  const subtotal = document.getElementById('live-subtotal');
  const deduction = document.getElementById('live-deduction');
  const total = document.getElementById('live-total');
  const gap = document.getElementById('live-gap');
  const hard = document.getElementById('live-hard');
  const verdict = document.getElementById('live-verdict');
  // The API refuses a POST that rides on the sign-in cookie without the page's antiforgery token (CSRF).
  const token = form.querySelector('input[name="__RequestVerificationToken"]');
  let timer = null;

  // A value outside 0..the indicator's points is an error beside its field, never counted (A1 = 16 is not "已满分").
  function scores() {
    const s = {};
    let invalid = 0;
    for (const i of inputs) {
      const indicator = i.closest('.indicator');
      const message = indicator.querySelector('[data-valmsg-for]');
      const points = Number(indicator.dataset.points);
      const value = Number(i.value);
      const bad = i.value !== '' && (Number.isNaN(value) || value < 0 || value > points);
      i.classList.toggle('is-invalid', bad);
      if (message && bad && (message.textContent.trim() === '' || message.dataset.live === 'true')) {
        message.textContent = Number.isNaN(value) ? '请填写数字' : '应在 0 到 ' + points + ' 分之间';
        message.dataset.live = 'true';
      } else if (message && message.dataset.live === 'true') {
        message.textContent = ''; // only what this script wrote: a refusal from the server stays until the next save
        delete message.dataset.live;
      }
      if (bad) invalid++;
      else if (i.value !== '') s[indicator.dataset.code] = value;
    }
    return { scores: s, invalid: invalid };
  }

  function unknown() {
    gap.textContent = '—';
    hard.textContent = '—';
    deduction.textContent = '—';
    total.textContent = '—';
  }

  function escape(text) {
    const d = document.createElement('div');
    d.textContent = text;
    return d.innerHTML;
  }

  async function preview() {
    const { scores: s, invalid } = scores();
    const sum = Object.values(s).reduce((a, b) => a + b, 0);
    subtotal.textContent = (Math.round(sum * 10) / 10).toString();
    if (invalid > 0) {
      unknown();
      verdict.innerHTML = '<span class="text-danger">有 ' + invalid + ' 项评分超出范围，请按提示修改</span>';
      return;
    }
    if (Object.keys(s).length < inputs.length) {
      unknown();
      verdict.innerHTML = '<span class="text-secondary">全部指标评分后显示评定结果预览</span>';
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
        unknown();
        verdict.innerHTML = '<span class="text-danger">' + escape(body.detail || '评分有误') + '</span>';
        return;
      }
      subtotal.textContent = body.subtotal;
      deduction.textContent = body.deductionTotal;
      total.textContent = body.total;
      gap.textContent = Math.max(0, Math.round((body.passMark.value - body.total) * 10) / 10) + ' 分';
      hard.textContent = body.hardIndicatorsMet ? '已满分' : '未满分';
      const pass = body.verdict === 'Pass';
      let html = '<span class="badge ' + (pass ? 'text-bg-success' : 'text-bg-warning') + '">' + (pass ? '预计达标' : '预计未达标') + '</span>';
      html += '<ul class="small mt-2 mb-0">';
      html += '<li>总分 ' + body.total + ' 分（达标线 ' + body.passMark.value + ' 分）</li>';
      if (!body.hardIndicatorsMet) html += '<li>硬性指标未满分</li>';
      if (body.vetoes.length > 0) html += '<li>存在一票否决事项</li>';
      verdict.innerHTML = html + '</ul>';
    } catch (e) {
      unknown();
      verdict.innerHTML = '<span class="text-secondary">暂时无法预览，保存后可查看</span>';
    }
  }

  for (const i of inputs) i.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(preview, 250); });
  preview(); // a page shown again after a refusal keeps the typed scores: total them at once
})();
