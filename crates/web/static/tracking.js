(() => {
  // The lights or the score as the unit types: the form is checked on the server (nothing is
  // saved) and the result and each row's verdict are taken from the page it answers with.
  const form = document.getElementById('tracking-form');
  if (!form) return;
  let timer = null;
  const check = async () => {
    const body = new URLSearchParams(new FormData(form));
    body.set('action', 'check');
    // `form.action` would be the buttons named `action`: the address is the attribute.
    const response = await fetch(form.getAttribute('action'), { method: 'POST', body });
    if (!response.ok && response.status !== 422) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const result = page.getElementById('tracking-result');
    if (result) document.getElementById('tracking-result').replaceWith(document.importNode(result, true));
    page.querySelectorAll('[data-verdict]').forEach(cell => {
      const mine = form.querySelector('[data-verdict="' + cell.dataset.verdict + '"]');
      if (mine) {
        mine.className = cell.className;
        mine.replaceChildren(...Array.from(cell.childNodes).map(n => document.importNode(n, true)));
      }
    });
  };
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 600); });
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(check, 150); });
})();
