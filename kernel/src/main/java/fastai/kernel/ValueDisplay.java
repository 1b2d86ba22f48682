package fastai.kernel;

import fastai.kernel.remote.RemoteAgent;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * Shows the value of a cell's last expression as execute_result: {@link RemoteAgent#varValue}
 * renders it in the execution JVM (no extra snippet to compile) and sends it as a frame; a
 * toString() that throws becomes the cell's error.
 */
final class ValueDisplay {
    private ValueDisplay() { }

    /** The variable holding a shown value: JShell's $N for an expression, or a variable named alone; else null. */
    static VarSnippet shownVariable(JShell js, Snippet sn) {
        if (sn instanceof VarSnippet v && sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) return v;
        if (sn instanceof ExpressionSnippet e && sn.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            return js.variables().filter(v -> v.name().equals(e.name())).reduce((a, b) -> b).orElse(null);
        }
        return null;
    }

    /** Renders the value (it reaches the notebook as a frame); an error if rendering threw. */
    static Outcome show(JShell js, VarSnippet var) {
        long t0 = System.nanoTime();
        String r = js.varValue(var);
        Log.debug(String.format("value shown in %.0f ms", (System.nanoTime() - t0) / 1e6));
        if (!r.startsWith(RemoteAgent.RENDER_ERROR)) return Outcome.OK;
        List<String> lines = List.of(r.substring(RemoteAgent.RENDER_ERROR.length()).split("\n"));
        String cls = lines.get(0);
        String msg = lines.size() > 1 && !lines.get(1).equals("null") ? lines.get(1) : "";
        List<String> tb = new ArrayList<>();
        tb.add("could not show the value: " + cls + (msg.isEmpty() ? "" : ": " + msg));
        for (int i = 2; i < lines.size(); i++) tb.add("    at " + lines.get(i));
        return new Outcome.Error(cls, msg, tb);
    }
}
