package fastai.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * complete, inspect and is_complete, answered by JShell's source analysis. Jupyter counts cursor
 * positions in Unicode code points, Java strings in UTF-16 units: converted here.
 */
final class Introspection {
    record Completion(List<String> matches, int start, int end) { }

    /** What inspect shows: plain text (terminal, pager) and Markdown (the notebook's inspect pane). */
    record Doc(boolean found, String text, String markdown) {
        static final Doc NONE = new Doc(false, "", "");
    }

    private Introspection() { }

    static Completion complete(SourceCodeAnalysis sca, String code, int cursorCodePoints) {
        int cursor = toUtf16(code, cursorCodePoints);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = sca.completionSuggestions(code, cursor, anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) (s.matchesType() ? typed : other).add(s.continuation());
        List<String> matches = new ArrayList<>(typed);
        for (String o : other) if (!typed.contains(o)) matches.add(o);
        int start = anchor[0] >= 0 && anchor[0] <= cursor ? anchor[0] : cursor;
        return new Completion(matches, toCodePoints(code, start), cursorCodePoints);
    }

    /**
     * Signatures and Javadoc of what is at the cursor: the name the cursor is in or after, as a
     * variable or type, else as a method; else the call around the cursor. Javadoc comes from
     * JShell where the JDK has its sources, else from {@code sources} (the course library, and
     * the -sources.jar files Maven keeps beside the class path's jars).
     */
    static Doc inspect(SourceCodeAnalysis sca, SourceDocs sources, String code, int cursorCodePoints) {
        int cursor = toUtf16(code, cursorCodePoints);
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        List<SourceCodeAnalysis.Documentation> docs = List.of();
        if (end > 0 && Character.isJavaIdentifierPart(code.charAt(end - 1))) {
            String upTo = code.substring(0, end);
            docs = sca.documentation(upTo, end, true);
            if (docs.isEmpty()) docs = sca.documentation(upTo + "(", end + 1, true);
        }
        if (docs.isEmpty()) docs = sca.documentation(code, cursor, true);
        if (docs.isEmpty()) return Doc.NONE;
        StringBuilder text = new StringBuilder();
        StringBuilder md = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            String javadoc = d.javadoc() != null && !d.javadoc().isBlank() ? d.javadoc().strip() : null;
            String markdown = javadoc != null ? javadoc
                    : sources == null ? null : sources.docComment(d.signature()).map(JavadocMarkdown::markdown).orElse(null);
            if (!text.isEmpty()) {
                text.append('\n');
                md.append("\n\n");
            }
            text.append(d.signature()).append('\n');
            md.append("```java\n").append(d.signature()).append("\n```\n");
            if (markdown != null && !markdown.isEmpty()) {
                text.append('\n').append(JavadocMarkdown.plain(markdown)).append('\n');
                md.append('\n').append(markdown).append('\n');
            }
        }
        return new Doc(true, text.toString(), md.toString());
    }

    /**
     * complete / incomplete (with an indent to continue with) / invalid, for the whole cell: each
     * snippet JShell cuts off must also parse ({@link SyntaxCheck}); names need not be defined yet.
     */
    static String[] isComplete(SourceCodeAnalysis sca, String code) {
        String rest = Magics.parse(code).code();
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = sca.analyzeCompletion(rest);
            Completeness c = ci.completeness();
            switch (c) {
                case EMPTY:
                    return new String[] {"complete", ""};
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new String[] {"incomplete", indent(rest)};
                case UNKNOWN:
                    return new String[] {"invalid", ""};
                default:
                    if (ci.source() != null && !SyntaxCheck.parses(ci.source())) return new String[] {"invalid", ""};
                    if (ci.remaining().length() >= rest.length()) return new String[] {"complete", ""};
                    rest = ci.remaining();
            }
        }
        return new String[] {"complete", ""};
    }

    /** The indent of the last line, plus four spaces after an opening brace. */
    private static String indent(String code) {
        String[] lines = code.split("\n", -1);
        String last = lines[lines.length - 1];
        if (last.isBlank() && lines.length > 1) last = lines[lines.length - 2];
        int n = 0;
        while (n < last.length() && (last.charAt(n) == ' ' || last.charAt(n) == '\t')) n++;
        String base = last.substring(0, n);
        return last.stripTrailing().endsWith("{") ? base + "    " : base;
    }

    static int toUtf16(String s, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, s.codePointCount(0, s.length())));
        return s.offsetByCodePoints(0, cp);
    }

    static int toCodePoints(String s, int utf16) {
        return s.codePointCount(0, Math.max(0, Math.min(utf16, s.length())));
    }
}
