(() => {
  const form = document.getElementById('edit');
  const table = document.getElementById('rows');
  let timer = null;
  const show = (slot, findings) => {
    slot.replaceChildren(...findings.map(f => {
      const span = document.createElement('span');
      span.className = 'finding ' + f.severity;
      span.textContent = '【' + f.severity + '】' + f.message;
      return span;
    }));
  };
  const check = async () => {
    const response = await fetch(form.dataset.check, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
    if (!response.ok) return;
    const result = await response.json();
    form.querySelectorAll('[data-error]').forEach(e => { e.textContent = ''; });
    for (const e of result.errors) {
      const slot = form.querySelector('[data-error="' + e.field + '"]');
      if (slot) slot.textContent = e.message;
    }
    if (result.score !== null) {
      document.getElementById('score').textContent = result.score;
      form.querySelectorAll('[data-findings] .live').forEach(slot => {
        const row = Number(slot.parentElement.dataset.findings);
        show(slot, result.findings.filter(f => f.row === row));
      });
      const list = document.getElementById('project-findings');
      list.replaceChildren(...result.findings.filter(f => f.row === null).map(f => {
        const li = document.createElement('li');
        li.className = f.severity;
        li.textContent = '【' + f.severity + '】' + f.message;
        return li;
      }));
    }
  };
  // Rows are numbered in the order they stand (r0, r1, …): after a move, every row takes its place's number.
  const renumber = () => {
    table.querySelectorAll('tr.row').forEach((tr, number) => {
      tr.dataset.row = number;
      tr.querySelectorAll('[name]').forEach(input => { input.name = input.name.replace(/^r\d+\./, 'r' + number + '.'); });
      tr.querySelectorAll('[data-error]').forEach(e => { e.dataset.error = e.dataset.error.replace(/^rows\.\d+\./, 'rows.' + number + '.'); });
      const findings = tr.querySelector('[data-findings]');
      if (findings) findings.dataset.findings = number;
    });
  };
  table.addEventListener('click', event => {
    const button = event.target.closest('button.move');
    if (!button) return;
    const row = button.closest('tr.row');
    const other = button.dataset.move === 'up' ? row.previousElementSibling : row.nextElementSibling;
    if (!other || !other.classList.contains('row')) return;
    if (button.dataset.move === 'up') other.before(row); else other.after(row);
    renumber();
    form.dispatchEvent(new Event('change'));
  });
  // A new row goes into its category: once its categories are chosen, after the last row of the
  // same 二级指标 (or else of the same 一级指标).
  table.addEventListener('change', event => {
    if (!/\.level[12]$/.test(event.target.name || '')) return;
    const row = event.target.closest('tr.row');
    if (row.querySelector('[name$=".source"]').value !== '') return;
    const key = r => [r.querySelector('[name$=".level1"]').value, r.querySelector('[name$=".level2"]').value];
    const [level1, level2] = key(row);
    const others = Array.from(table.querySelectorAll('tr.row')).filter(r => r !== row);
    const sameLevel2 = others.filter(r => level2 !== '' && key(r)[0] === level1 && key(r)[1] === level2);
    const sameLevel1 = others.filter(r => level1 !== '' && key(r)[0] === level1);
    const anchor = (sameLevel2.length ? sameLevel2 : sameLevel1).pop();
    if (anchor && anchor.nextElementSibling !== row) {
      anchor.after(row);
      renumber();
    }
  });
  // The indicator library: names are suggested as they are typed; a pick fills the name, the
  // unit and the comparator (never the value) and says what other tables usually set.
  let suggestTimer = null;
  let asked = null;
  const suggest = async input => {
    const row = input.closest('tr.row');
    const list = row.querySelector('.suggestions');
    const q = input.value.trim();
    if (q.length < 2) { list.hidden = true; return; }
    const level2 = row.querySelector('[name$=".level2"]').value;
    const url = '/api/v1/library/suggest?' + new URLSearchParams({ q, level2 });
    asked = url;
    const response = await fetch(url);
    if (!response.ok || asked !== url) return;
    const { entries } = await response.json();
    list.replaceChildren(...entries.map(e => {
      const item = document.createElement('li');
      const pick = document.createElement('button');
      pick.type = 'button';
      pick.className = 'pick';
      pick.textContent = e.name + (e.verdict ? '【' + e.verdict + '】' : '') + '　' + e.typical + '（' + e.documents + ' 张表）';
      pick.dataset.entry = JSON.stringify(e);
      item.append(pick);
      return item;
    }));
    list.hidden = entries.length === 0;
  };
  table.addEventListener('input', event => {
    if (!/\.name$/.test(event.target.name || '')) return;
    const row = event.target.closest('tr.row');
    row.querySelector('[name$=".library"]').value = '';
    row.querySelector('.typical').textContent = '';
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => suggest(event.target), 200);
  });
  table.addEventListener('click', event => {
    const pick = event.target.closest('button.pick');
    if (!pick) return;
    const entry = JSON.parse(pick.dataset.entry);
    const row = pick.closest('tr.row');
    row.querySelector('[name$=".name"]').value = entry.name;
    row.querySelector('[name$=".unit"]').value = entry.unit;
    row.querySelector('[name$=".comparator"]').value = entry.comparator || '';
    row.querySelector('[name$=".library"]').value = entry.id;
    row.querySelector('.typical').textContent = '同类指标在 ' + entry.documents + ' 张表中通常为 ' + entry.typical;
    pick.closest('.suggestions').hidden = true;
    form.dispatchEvent(new Event('change'));
  });
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 400); });
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(check, 100); });
  document.getElementById('add-row').addEventListener('click', () => {
    const rows = table.querySelectorAll('tr.row');
    const last = rows[rows.length - 1];
    const number = Number(last.dataset.row) + 1;
    const copy = last.cloneNode(true);
    copy.dataset.row = number;
    copy.querySelectorAll('[name]').forEach(input => {
      input.name = input.name.replace(/^r\d+\./, 'r' + number + '.');
      if (input.type === 'checkbox') input.checked = false;
      else if (input.tagName === 'SELECT') input.selectedIndex = 0;
      else input.value = '';
    });
    copy.querySelectorAll('[data-error]').forEach(e => {
      e.dataset.error = e.dataset.error.replace(/^rows\.\d+\./, 'rows.' + number + '.');
      e.textContent = '';
    });
    copy.querySelector('.typical').textContent = '';
    const list = copy.querySelector('.suggestions');
    list.replaceChildren();
    list.hidden = true;
    const findings = copy.querySelector('[data-findings]');
    findings.dataset.findings = number;
    findings.innerHTML = '<span class="live"></span>';
    last.after(copy);
  });
})();
