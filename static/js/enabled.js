// GOV.UK Frontend's body classes, set before the page draws (a file, not inline: the CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
