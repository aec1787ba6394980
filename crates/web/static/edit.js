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
    const findings = copy.querySelector('[data-findings]');
    findings.dataset.findings = number;
    findings.innerHTML = '<span class="live"></span>';
    last.after(copy);
  });
})();
