// 复核评定: the district scores on its own. Each score that differs from the community's claim (自评, data-self on its
// row) is marked as it is typed, in words as the server writes them (ScoreComparison: 低于自评 2 分); 复制自评分数
// fills the empty form from the self-assessment here instead of posting (the server's CopySelf does it without
// JavaScript). A score below the claim needs a finding (评定意见): its box opens and says so as soon as the score is
// typed (without JavaScript the server's refusal names each one missing). A file, not inline: the CSP runs no inline script.
(function () {
  'use strict';

  function format(n) {
    return String(Math.round(n * 10) / 10);
  }

  function mark(row) {
    var input = row.querySelector('input.score');
    var said = row.querySelector('.score-diff');
    if (!input || !said) return;
    var self = row.getAttribute('data-self');
    var value = input.value.trim();
    var text = '';
    if (self !== '' && value !== '' && !isNaN(Number(value)) && Number(value) !== Number(self)) {
      var d = Number(value) - Number(self);
      text = '≠ ' + (d < 0 ? '低于自评 ' + format(-d) + ' 分' : '高于自评 ' + format(d) + ' 分');
    }
    said.textContent = text;
    row.classList.toggle('score-differs', text !== '');
    var lowered = self !== '' && value !== '' && !isNaN(Number(value)) && Number(value) < Number(self);
    var finding = row.querySelector('details[data-finding]');
    if (!finding) return;
    var box = finding.querySelector('textarea');
    var required = finding.querySelector('.finding-required');
    if (required) required.hidden = !lowered;
    if (box) {
      if (lowered) box.setAttribute('aria-required', 'true'); else box.removeAttribute('aria-required');
      if (lowered) finding.open = true;
      else if (box.value.trim() === '' && !row.querySelector('.field-validation-error')) finding.open = false;
    }
  }

  var rows = document.querySelectorAll('tr.indicator[data-self]');
  rows.forEach(function (row) {
    var input = row.querySelector('input.score');
    if (input) input.addEventListener('input', function () { mark(row); });
  });

  var copy = document.querySelector('[data-copy-self]');
  if (copy) {
    copy.addEventListener('click', function (event) {
      event.preventDefault();
      rows.forEach(function (row) {
        var input = row.querySelector('input.score');
        if (input && !input.disabled) input.value = row.getAttribute('data-self');
        mark(row);
      });
      var first = document.querySelector('tr.indicator input.score');
      if (first) first.focus();
    });
  }
})();
