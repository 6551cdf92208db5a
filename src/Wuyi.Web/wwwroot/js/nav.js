// The top menu (Shared/_Layout.cshtml). Its drop-downs are <details> and work without this file; with it, the phone
// menu collapses behind its button (Bootstrap), and an open drop-down closes on a click elsewhere or on Esc.
document.documentElement.classList.remove('no-js');
document.addEventListener('DOMContentLoaded', () => {
  const menus = Array.from(document.querySelectorAll('details.nav-menu'));
  const close = (except) => menus.forEach((m) => { if (m !== except) m.open = false; });
  menus.forEach((m) => m.addEventListener('toggle', () => { if (m.open) close(m); }));
  document.addEventListener('click', (e) => { if (!e.target.closest('details.nav-menu')) close(null); });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const open = menus.find((m) => m.open);
    if (!open) return;
    open.open = false;
    open.querySelector('summary').focus();
  });
});
