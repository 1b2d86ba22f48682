package fastai.kernel;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * What a redefinition did to earlier declarations, as {@code jshell} reports it: a variable whose
 * type changed is reset ("update replaced variable q, reset to null"), one that no longer compiles
 * is dropped until it is fixed. Otherwise a learner finds the value gone only later.
 */
final class RedefinitionNotes {
    private RedefinitionNotes() { }

    static void report(JShell js, List<SnippetEvent> events, Consumer<String> notes) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null || e.status() == Snippet.Status.OVERWRITTEN) continue;
            if (!e.previousStatus().isActive() || !(e.snippet() instanceof DeclarationSnippet d)) continue;
            String because = " (" + describe(e.causeSnippet()) + " changed)";
            if (e.status() == Snippet.Status.VALID) {
                if (d instanceof VarSnippet v) {
                    notes.accept("note: update replaced variable " + v.name() + ", reset to " + defaultValue(v.typeName()) + because + "\n");
                }
            } else if (e.status().isDefined() || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = js.unresolvedDependencies(d).collect(Collectors.joining(", "));
                String why = !missing.isEmpty() ? "until " + missing + " is defined"
                        : js.diagnostics(d).filter(Diag::isError).map(x -> x.getMessage(Locale.ENGLISH).lines().findFirst().orElse(""))
                                .findFirst().map(m -> "until it compiles again: " + m).orElse("until it is defined again");
                String verb = d instanceof VarSnippet ? "replaced " : "modified ";
                notes.accept("note: update " + verb + describe(d) + ", which cannot be used " + why + because + "\n");
            } else {
                notes.accept("note: update dropped " + describe(d) + because + "\n");
            }
        }
    }

    /** A declaration that compiled but waits for a name not defined yet ("cannot be used until Foo is defined"). */
    static void reportUnresolved(JShell js, SnippetEvent ev, Consumer<String> notes) {
        if (ev.status() != Snippet.Status.RECOVERABLE_DEFINED && ev.status() != Snippet.Status.RECOVERABLE_NOT_DEFINED) return;
        String missing = js.unresolvedDependencies((DeclarationSnippet) ev.snippet()).collect(Collectors.joining(", "));
        notes.accept("note: " + describe(ev.snippet()) + " is defined, but cannot be used until " + missing + " is defined\n");
    }

    /** What a reset variable of this type holds: null, 0, 0.0, false, or the NUL character. */
    private static String defaultValue(String type) {
        return switch (type) {
            case "byte", "short", "int", "long" -> "0";
            case "float", "double" -> "0.0";
            case "boolean" -> "false";
            case "char" -> "'\\u0000'";
            default -> "null";
        };
    }

    /** "method f", "class Point", "variable x": how a learner names a declaration. */
    private static String describe(Snippet sn) {
        String kind = switch (sn.kind()) {
            case METHOD -> "method";
            case TYPE_DECL -> switch (sn.subKind()) {
                case INTERFACE_SUBKIND -> "interface";
                case ENUM_SUBKIND -> "enum";
                case RECORD_SUBKIND -> "record";
                case ANNOTATION_TYPE_SUBKIND -> "annotation";
                default -> "class";
            };
            case VAR -> "variable";
            default -> "declaration";
        };
        return sn instanceof DeclarationSnippet d ? kind + " " + d.name() : kind;
    }
}
