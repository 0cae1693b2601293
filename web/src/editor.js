// The code editor every Arbiter page uses: CodeMirror 6 with syntax highlighting for each
// language Arbiter ships, bundled by esbuild (web/build.mjs) into
// src/Arbiter.Server/wwwroot/assets/editor.js. Nothing loads from a CDN.
//
// Keys: Tab and Shift-Tab indent (a code editor without them is painful); Escape then Tab
// moves focus out of the editor (CodeMirror's tab-focus mode, also Ctrl-M), so keyboard users
// are never trapped; Ctrl-Enter (Cmd-Enter) calls onRun.
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { StreamLanguage, indentUnit } from "@codemirror/language";

// Each language's grammar is its own chunk, loaded the first time it is needed: the page
// downloads CodeMirror once and only the grammars it shows.
const legacy = (load, name) => async () => StreamLanguage.define((await load())[name]);
const cpp = async () => (await import("@codemirror/lang-cpp")).cpp();
const csharp = legacy(() => import("@codemirror/legacy-modes/mode/clike"), "csharp");
const fortran = legacy(() => import("@codemirror/legacy-modes/mode/fortran"), "fortran");
const go = async () => (await import("@codemirror/lang-go")).go();
const java = async () => (await import("@codemirror/lang-java")).java();
const javascript = async () => (await import("@codemirror/lang-javascript")).javascript();
const typescript = async () => (await import("@codemirror/lang-javascript")).javascript({ typescript: true });
const lua = legacy(() => import("@codemirror/legacy-modes/mode/lua"), "lua");
const pascal = legacy(() => import("@codemirror/legacy-modes/mode/pascal"), "pascal");
const perl = legacy(() => import("@codemirror/legacy-modes/mode/perl"), "perl");
const php = async () => (await import("@codemirror/lang-php")).php({ plain: false });
const python = async () => (await import("@codemirror/lang-python")).python();
const ruby = legacy(() => import("@codemirror/legacy-modes/mode/ruby"), "ruby");
const rust = async () => (await import("@codemirror/lang-rust")).rust();
const shell = legacy(() => import("@codemirror/legacy-modes/mode/shell"), "shell");

// Keyed by language id (languages/<id>.yaml) and by file extension, so a language added as a
// data file later still gets highlighting when its extension is a known one.
const highlighters = {
    c: cpp, cpp, ".c": cpp, ".h": cpp, ".cpp": cpp, ".cc": cpp, ".cxx": cpp, ".hpp": cpp, cuda: cpp, ".cu": cpp,
    csharp, ".cs": csharp,
    fortran, ".f90": fortran, ".f95": fortran, ".f03": fortran,
    go, ".go": go,
    java, ".java": java,
    javascript, ".js": javascript, ".mjs": javascript,
    typescript, ".ts": typescript,
    lua, ".lua": lua,
    pascal, ".pas": pascal, ".pp": pascal,
    perl, ".pl": perl,
    php, ".php": php,
    python3: python, python, pypy3: python, ".py": python,
    ruby, ".rb": ruby,
    rust, ".rs": rust,
    bash: shell, ".sh": shell,
};

/** The highlighting extension for a language id (or one of its file extensions); none when
 * the language is unknown or its grammar failed to load. */
export async function languageSupport(id, extensions = []) {
    const make = [id, ...extensions].map((key) => highlighters[key]).find(Boolean);
    try {
        return make ? await make() : [];
    } catch (error) {
        console.warn(`no highlighting for ${id}:`, error);
        return [];
    }
}

const theme = EditorView.theme({
    "&": { fontSize: "0.95rem", border: "1px solid var(--border, #8a8f98)", borderRadius: "6px", backgroundColor: "#fff" },
    "&.cm-focused": { outline: "3px solid var(--focus, #1a5fb4)", outlineOffset: "2px" },
    ".cm-scroller": { fontFamily: "var(--mono, ui-monospace, monospace)", lineHeight: "1.45" },
    ".cm-content": { minHeight: "var(--editor-min-height, 16rem)" },
    ".cm-gutters": { borderTopLeftRadius: "6px", borderBottomLeftRadius: "6px" },
});

/**
 * Creates an editor inside `parent`.
 * options: language (id), extensions (the language's file extensions, a fallback for
 * highlighting), doc (initial text), label (accessible name) or labelledBy (id of a label
 * element), describedBy (id of a hint), onChange(text), onRun() for Ctrl-Enter, readOnly.
 * Returns { view, getValue, setValue, setLanguage, focus, goTo(line, column) }. The latest
 * editor is also `window.arbiterEditor`, which browser tests use to read and set the text.
 */
export function createEditor(parent, options = {}) {
    const language = new Compartment();
    let languageTicket = 0;
    const { onChange, onRun } = options;
    const contentAttributes = options.labelledBy
        ? { "aria-labelledby": options.labelledBy }
        : { "aria-label": options.label ?? "Code editor" };
    if (options.describedBy) {
        contentAttributes["aria-describedby"] = options.describedBy;
    }

    const view = new EditorView({
        parent,
        state: EditorState.create({
            doc: options.doc ?? "",
            extensions: [
                Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { onRun?.(); return true; } }])),
                basicSetup,
                keymap.of([indentWithTab]),
                indentUnit.of("    "),
                EditorState.tabSize.of(4),
                EditorView.contentAttributes.of(contentAttributes),
                EditorState.readOnly.of(Boolean(options.readOnly)),
                language.of([]),
                theme,
                EditorView.updateListener.of((update) => {
                    if (update.docChanged) {
                        onChange?.(update.state.doc.toString());
                    }
                }),
            ],
        }),
    });

    const editor = {
        view,
        getValue: () => view.state.doc.toString(),
        setValue(text) {
            view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text ?? "" } });
        },
        /** Switches highlighting; resolves once the grammar is loaded and applied. */
        async setLanguage(id, extensions = []) {
            const ticket = ++languageTicket;
            const support = await languageSupport(id, extensions);
            // A quicker later switch wins over a slower earlier one.
            if (ticket === languageTicket) {
                view.dispatch({ effects: language.reconfigure(support) });
            }
        },
        focus: () => view.focus(),
        /** Puts the cursor at a 1-based line and column, scrolls to it and focuses the editor. */
        goTo(line, column = 1) {
            const doc = view.state.doc;
            const target = doc.line(Math.min(Math.max(1, line), doc.lines));
            const position = Math.min(target.from + Math.max(0, column - 1), target.to);
            view.dispatch({ selection: { anchor: position }, effects: EditorView.scrollIntoView(position, { y: "center" }) });
            view.focus();
        },
    };
    if (options.language) {
        editor.setLanguage(options.language, options.extensions);
    }

    window.arbiterEditor = editor;
    return editor;
}
