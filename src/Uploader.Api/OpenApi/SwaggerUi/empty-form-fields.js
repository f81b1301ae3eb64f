// Swagger UI's Try it out fills every form field with a sample: its example, or else a placeholder for its type
// ("string", 0), and sends it. For upload_chunk that made the first Execute a 400 (md5 "string", chunk_size 0).
// This plugin leaves a form field without an example or default empty instead: an empty optional field is not
// sent (or sent empty, which the server reads as absent), and a required one shows that it needs a value.
// Only form fields change; JSON bodies and the documented examples are Swagger UI's own.
(function () {
  "use strict";

  var isPlainField = function (schema) {
    return schema && schema.example === undefined && schema.default === undefined
      && ["string", "integer", "number"].indexOf(schema.type) >= 0 && schema.format !== "binary";
  };

  var EmptyFormFields = function () {
    return {
      afterLoad: function (system) {
        var sample = system.fn.getSampleSchema;
        // Form fields are sampled one at a time with no content type (false); bodies name theirs.
        system.fn.getSampleSchema = function (schema, contentType) {
          var plain = schema && typeof schema.toJS === "function" ? schema.toJS() : schema;
          return contentType === false && isPlainField(plain) ? "" : sample.apply(this, arguments);
        };
      },
    };
  };

  // index.js builds the UI in window.onload; this listener is added earlier (the script is in the page's head),
  // so it runs first and hands the plugin to that call.
  window.addEventListener("load", function () {
    var bundle = window.SwaggerUIBundle;
    window.SwaggerUIBundle = Object.assign(function (config) {
      return bundle(Object.assign({}, config, { plugins: (config.plugins || []).concat([EmptyFormFields]) }));
    }, bundle);
  });
})();
