package fastai.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns JShell's compile diagnostics and exceptions into Jupyter errors a learner can read: the
 * cell's line and column with the line itself and a caret, the exception class and message, and
 * stack frames that name cells ("cell [4], line 2") instead of JShell's generated classes.
 */
final class Errors {
    private static final int MAX_FRAMES = 40;

    /** Where each snippet came from: snippet id to (execution count, first line in the cell). */
    private final Map<String, int[]> origins = new ConcurrentHashMap<>();

    void remember(String snippetId, int executionCount, int firstLine) {
        origins.put(snippetId, new int[] {executionCount, firstLine});
    }

    Outcome.Error compile(String cell, CellSplitter.Piece piece, List<Diag> diags) {
        List<String> tb = new ArrayList<>();
        String first = null;
        int shown = 0;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            if (++shown > 10) break;
            long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : Math.max(0, d.getPosition());
            int at = (int) Math.min(cell.length(), piece.offset() + Math.min(pos, piece.source().length()));
            int[] lc = CellSplitter.lineColumn(cell, at);
            String msg = clean(d.getMessage(Locale.ENGLISH));
            String[] msgLines = msg.split("\n");
            String summary = summary(msgLines);
            if (first == null) first = summary + " (line " + lc[0] + ", column " + lc[1] + ")";
            tb.add("Compile error, line " + lc[0] + ", column " + lc[1] + ": " + summary);
            for (int i = 1; i < msgLines.length; i++) tb.add(msgLines[i]);
            String line = cell.split("\n", -1)[lc[0] - 1];
            tb.add("    " + line.replace("\t", " "));
            tb.add("    " + " ".repeat(Math.max(0, lc[1] - 1)) + "^");
        }
        if (first == null) {
            first = "the snippet could not be compiled";
            tb.add("Compile error: " + first);
        }
        return new Outcome.Error("CompileError", first, tb);
    }

    /**
     * The first line of a javac message, with the symbol it could not find: "cannot find symbol:
     * variable foo" (javac puts the symbol on a line of its own, which a one-line summary loses).
     */
    static String summary(String[] msgLines) {
        String first = msgLines[0];
        for (int i = 1; i < msgLines.length; i++) {
            String l = msgLines[i].strip();
            if (l.startsWith("symbol:")) return first + ": " + l.substring("symbol:".length()).strip().replaceAll("\\s+", " ");
        }
        return first;
    }

    /** JShell's wrapper classes out of names: "REPL.$JShell$9.n" is "n", "REPL.$JShell$12$Point" is "Point". */
    static String unwrap(String text) {
        return text == null ? null : JSHELL_WRAPPER.matcher(text).replaceAll("");
    }

    private static final java.util.regex.Pattern JSHELL_WRAPPER = java.util.regex.Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?[.$]");

    /** Drops JShell's wrapper-class details from a javac message. */
    private static String clean(String msg) {
        return msg.lines()
                .filter(l -> !(l.trim().startsWith("location:") && (l.contains("$JShell") || l.trim().equals("location: class"))))
                .collect(Collectors.joining("\n"));
    }

    Outcome.Error runtime(JShellException ex, JShell js) {
        if (ex instanceof UnresolvedReferenceException ure) {
            String what = ure.getSnippet().toString();
            String name = ure.getSnippet().name();
            String missing = js == null ? "" : String.join(", ", js.unresolvedDependencies(ure.getSnippet()).toList());
            String evalue = name + " cannot be used until " + (missing.isEmpty() ? "what it uses" : missing) + " is defined";
            List<String> tb = new ArrayList<>();
            tb.add("UnresolvedReference: " + evalue);
            frames(ure.getStackTrace(), tb);
            Log.debug("unresolved " + what);
            return new Outcome.Error("UnresolvedReference", evalue, tb);
        }
        EvalException ee = (EvalException) ex;
        String cls = unwrap(ee.getExceptionClassName());
        String message = ee.getMessage() == null ? "" : unwrap(ee.getMessage());
        List<String> tb = new ArrayList<>();
        tb.add(message.isEmpty() ? cls : cls + ": " + message);
        frames(ee.getStackTrace(), tb);
        for (JShellException cause = (JShellException) ee.getCause(); cause != null;
             cause = (JShellException) cause.getCause()) {
            if (cause instanceof EvalException ce) {
                String cm = unwrap(ce.getMessage());
                tb.add("Caused by: " + unwrap(ce.getExceptionClassName()) + (cm == null || cm.isEmpty() ? "" : ": " + cm));
            } else {
                tb.add("Caused by: " + unwrap(String.valueOf(cause)));
            }
            frames(cause.getStackTrace(), tb);
        }
        return new Outcome.Error(cls, message, tb);
    }

    private void frames(StackTraceElement[] stack, List<String> tb) {
        List<String> lines = new ArrayList<>(stack.length);
        for (StackTraceElement e : stack) lines.add("    at " + frame(e));
        List<String> folded = fold(lines);
        int n = Math.min(folded.size(), MAX_FRAMES);
        tb.addAll(folded.subList(0, n));
        if (folded.size() > n) tb.add("    ... " + (folded.size() - n) + " more");
    }

    /**
     * A deep recursion's frames folded: a frame (or a cycle of up to 6 frames, for mutual
     * recursion) repeated is shown once, then "... 1,021 more identical lines".
     */
    static List<String> fold(List<String> lines) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int bestPeriod = 0;
            int bestRepeats = 0;
            for (int p = 1; p <= 6 && i + 2 * p <= lines.size(); p++) {
                int r = 1;
                while (i + (r + 1) * p <= lines.size() && lines.subList(i + r * p, i + (r + 1) * p).equals(lines.subList(i, i + p))) r++;
                if ((r - 1) * p > (bestRepeats - 1) * bestPeriod) {
                    bestPeriod = p;
                    bestRepeats = r;
                }
            }
            int hidden = (bestRepeats - 1) * bestPeriod;
            if (hidden >= 3) {
                out.addAll(lines.subList(i, i + bestPeriod));
                out.add(String.format(Locale.ENGLISH, "    ... %,d more identical lines", hidden)
                        + (bestPeriod > 1 ? " (the " + bestPeriod + " above, repeated)" : ""));
                i += bestRepeats * bestPeriod;
            } else {
                out.add(lines.get(i++));
            }
        }
        return out;
    }

    private String frame(StackTraceElement e) {
        String file = e.getFileName();
        if (file == null || !file.startsWith("#")) return e.toString();
        int[] origin = origins.get(file.substring(1));
        String where = origin == null
                ? "snippet " + file + ", line " + e.getLineNumber()
                : (origin[0] > 0 ? "cell [" + origin[0] + "], " : "start-up script, ") + "line " + (origin[1] + e.getLineNumber() - 1);
        String cls = e.getClassName() == null ? "" : unwrap(e.getClassName());
        String method = e.getMethodName() == null ? "" : e.getMethodName();
        String name = cls.isEmpty() ? method : method.isEmpty() ? cls : cls + "." + method;
        return name.isEmpty() ? where : name + " (" + where + ")";
    }
}
