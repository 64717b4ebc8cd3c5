// Runs first thing in <body> (an external file: the Content-Security-Policy allows no inline script).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
