// GOV.UK Frontend's components (error summary focus, radios, service navigation, …) on every page.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
