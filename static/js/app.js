// Frontdoor front-end initialisation.
// GOV.UK Frontend 6 ships as an ES module only. base.html loads this file with
// <script type="module">, and an inline script adds `govuk-frontend-supported`
// to <body>, which initAll() requires before it starts any component.
import { initAll } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
