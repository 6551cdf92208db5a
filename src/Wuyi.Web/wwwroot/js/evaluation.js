// 复核评定: the district scores on its own. Each score that differs from the community's claim (自评, data-self on its
// row) is marked as it is typed, in words as the server writes them (ScoreComparison: 低于自评 2 分); 复制自评分数
// fills the empty form from the self-assessment here instead of posting (the server's CopySelf does it without
// JavaScript). A file, not inline: the CSP runs no inline script.
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
