// Decisions whose form is marked data-confirm-step ask before they are taken (StepPageModel.ConfirmedStepAsync); in a form
// with other buttons too (保存 beside 评定通过), only the buttons marked data-confirm-step ask. The form
// is posted once without Confirmed, to the button's own handler (formaction): the server answers, changing nothing, with what the decision will do
// (Shared/_ConfirmStep), shown here in a dialog; 确认 posts the form again with Confirmed=true. A refusal has no
// confirmation: the form is then posted as it is, and the server shows the refusal beside its field. Without
// JavaScript the server's answer is the confirmation page itself. A file, not inline: the CSP runs no inline script.
(function () {
  'use strict';

  function hidden(form, name, value) {
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  // The handler a button posts to (asp-page-handler on a button is its formaction), else the form's.
  function actionOf(form, submitter) {
    return submitter && submitter.hasAttribute('formaction') ? submitter.formAction : form.action;
  }

  function post(form, submitter, confirmed) {
    if (submitter && submitter.name) hidden(form, submitter.name, submitter.value);
    if (confirmed) hidden(form, 'Confirmed', 'true');
    form.action = actionOf(form, submitter);
    HTMLFormElement.prototype.submit.call(form); // no submit event: not asked again
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function ask(consequences, onConfirm) {
    var dialog = element('dialog', 'confirm-dialog');
    dialog.setAttribute('data-testid', 'confirm-dialog');
    dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
    var title = element('h2', 'h5', '请确认');
    title.id = 'confirm-dialog-title';
    var said = element('p', 'fw-semibold mb-1', consequences);
    said.setAttribute('data-testid', 'dialog-consequences');
    var note = element('p', 'small text-secondary', '确认之前不会作任何变更。');
    var actions = element('div', 'd-flex flex-wrap gap-2 justify-content-end');
    var cancel = element('button', 'btn btn-link', '取消');
    cancel.type = 'button';
    var confirm = element('button', 'btn btn-danger', '确认');
    confirm.type = 'button';
    confirm.setAttribute('data-testid', 'dialog-confirm');
    actions.append(cancel, confirm);
    dialog.append(title, said, note, actions);
    cancel.addEventListener('click', function () { dialog.close(); });
    confirm.addEventListener('click', function () {
      confirm.disabled = true;
      dialog.close();
      onConfirm();
    });
    dialog.addEventListener('close', function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
    confirm.focus();
  }

  document.querySelectorAll('form[data-confirm-step], form:has([data-confirm-step])').forEach(function (form) {
    var busy = false;
    form.addEventListener('submit', function (event) {
      var submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
      if (!form.hasAttribute('data-confirm-step') && !(submitter && submitter.hasAttribute('data-confirm-step'))) return;
      // A button that only edits the form (添加指标…) is not the decision.
      if (submitter && submitter.hasAttribute('data-edits-form')) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      fetch(actionOf(form, submitter), { method: 'POST', body: new FormData(form, submitter), credentials: 'same-origin' })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          busy = false;
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var said = doc.querySelector('[data-testid=confirm-step] [data-testid=consequences]');
          if (!said) return post(form, submitter, false);
          ask(said.textContent.trim(), function () { post(form, submitter, true); });
        })
        .catch(function () {
          busy = false;
          post(form, submitter, false);
        });
    });
  });
})();
