// The SQL console's editor: CodeMirror 6 with SQL highlighting and completion
// of the store's tables, views, columns and macros. Bundled by make assets
// into static/vendor/sqleditor.js, which defines window.ctSQLEditor.
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { sql, StandardSQL } from "@codemirror/lang-sql";

window.ctSQLEditor = function (parent, doc, schema, run) {
  const runKey = { key: "Mod-Enter", run: () => { run(); return true; } };
  return new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      Prec.highest(keymap.of([runKey, { key: "Ctrl-Enter", run: runKey.run }])),
      sql({ dialect: StandardSQL, schema, upperCaseKeywords: true }),
      EditorView.lineWrapping,
    ],
  });
};
