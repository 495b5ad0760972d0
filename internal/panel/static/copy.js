// The copy button of a new secret: shown only when scripts run, since the
// secret can always be selected and copied by hand.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById("copy-status");
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = "Copied.";
      }, function () {
        field.select();
        status.textContent = "Copying failed: the secret is selected, copy it with the keyboard.";
      });
    });
  });
});
