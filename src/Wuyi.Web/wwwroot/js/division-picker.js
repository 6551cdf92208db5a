// Division pickers (Shared/_DivisionPicker): suggestions as one types a few characters of a name or code, and
// 区 → 街道 → 社区（村） drop-downs, both from GET /api/v1/divisions within the account's own subtree. A choice puts the
// node's code in the text box and its full path under it; the server resolves whatever is sent, so the page works the
// same without this file.
(function () {
  'use strict';

  var levels = { District: 3, Street: 4, Community: 5 };
  var levelNames = { 3: '区', 4: '街道（乡镇）', 5: '社区（村）' };

  function get(query) {
    return fetch('/api/v1/divisions?' + new URLSearchParams(query).toString(), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { items: [], more: false }; });
  }

  function levelOf(item) { return typeof item.level === 'number' ? item.level : levels[item.level]; }

  function setup(picker) {
    var input = picker.querySelector('[data-picker-text]');
    var help = picker.querySelector('[data-picker-path]');
    var wanted = levels[picker.getAttribute('data-level')] || 0;
    var listId = input.id + '-suggestions';
    var list = document.createElement('ul');
    list.id = listId;
    list.className = 'list-group division-suggestions shadow-sm';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.after(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', listId);
    input.setAttribute('aria-expanded', 'false');

    var items = [];
    var active = -1;
    var timer = 0;
    var asked = 0;

    function choose(item) {
      input.value = item.code;
      help.textContent = '已选：' + item.path;
      close();
    }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.classList.toggle('active', j === i);
        li.setAttribute('aria-selected', j === i ? 'true' : 'false');
      });
      if (i >= 0) input.setAttribute('aria-activedescendant', listId + '-' + i);
    }

    function show(found) {
      items = found.items;
      list.replaceChildren();
      items.forEach(function (item, i) {
        var li = document.createElement('li');
        li.id = listId + '-' + i;
        li.className = 'list-group-item list-group-item-action';
        li.setAttribute('role', 'option');
        li.textContent = item.path;
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      if (items.length === 0) {
        var none = document.createElement('li');
        none.className = 'list-group-item text-secondary';
        none.textContent = '没有找到，或不在您的管辖范围内';
        list.appendChild(none);
      } else if (found.more) {
        var more = document.createElement('li');
        more.className = 'list-group-item small text-secondary';
        more.textContent = '只列出前 ' + items.length + ' 个，可多输入几个字';
        list.appendChild(more);
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      help.textContent = picker.hasAttribute('data-compact') ? '' : '输入名称中的几个字或区划代码';
      if (q.length === 0) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        var query = { q: q };
        if (wanted) query.level = picker.getAttribute('data-level');
        get(query).then(function (found) { if (mine === asked) show(found); });
      }, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden || items.length === 0) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); mark(Math.min(items.length - 1, active + 1)); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); mark(Math.max(0, active - 1)); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(items[active]); }
      else if (e.key === 'Escape') { close(); }
    });
    input.addEventListener('blur', close);

    // 逐级选择: one drop-down per level below the account's node, down to the level the field names.
    var cascade = document.createElement('div');
    cascade.className = 'd-flex flex-wrap gap-2 mb-2 division-cascade';
    cascade.setAttribute('aria-label', '逐级选择');
    input.before(cascade);

    function dropdown(parent, depth) {
      get(parent ? { parent: parent } : {}).then(function (found) {
        if (found.items.length === 0) return;
        var level = levelOf(found.items[0]);
        if (wanted && level > wanted) return;
        var select = document.createElement('select');
        select.className = 'form-select form-select-sm w-auto';
        select.setAttribute('aria-label', '选择' + levelNames[level]);
        select.dataset.depth = depth;
        var first = document.createElement('option');
        first.value = '';
        first.textContent = '选择' + levelNames[level];
        select.appendChild(first);
        found.items.forEach(function (item) {
          var o = document.createElement('option');
          o.value = item.code;
          o.textContent = item.name;
          select.appendChild(o);
        });
        select.addEventListener('change', function () {
          Array.prototype.slice.call(cascade.children).forEach(function (s) { if (+s.dataset.depth > depth) s.remove(); });
          var item = found.items.find(function (i) { return i.code === select.value; });
          if (!item) return;
          if (!wanted || levelOf(item) === wanted) choose(item);
          if (!wanted || levelOf(item) < wanted) dropdown(item.code, depth + 1);
        });
        cascade.appendChild(select);
      });
    }
    // A picker inside a closed <details> (a table row's 调整) asks for its drop-downs only when opened: a list of
    // hundreds of rows must not ask hundreds of times on load.
    var folded = picker.closest('details');
    if (folded && !folded.open) {
      folded.addEventListener('toggle', function once() {
        if (!folded.open) return;
        folded.removeEventListener('toggle', once);
        dropdown('', 0);
      });
    } else {
      dropdown('', 0);
    }
  }

  document.querySelectorAll('[data-division-picker]').forEach(setup);
})();
