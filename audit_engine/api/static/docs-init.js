// Starts Swagger UI on /api/v1/docs from a file, not an inline script (the site's CSP allows
// scripts from 'self' only). The OpenAPI document is beside the page.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
