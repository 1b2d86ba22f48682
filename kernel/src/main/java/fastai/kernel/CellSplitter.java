package fastai.kernel;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Splits a cell into JShell snippets (JShell evaluates one at a time), remembering where each
 * starts in the cell so errors can name the cell's line. An unfinished or broken rest of the cell
 * becomes one last piece, so JShell reports its error.
 */
final class CellSplitter {
    record Piece(String source, int offset) { }

    private CellSplitter() { }

    static List<Piece> split(SourceCodeAnalysis sca, String code) {
        List<Piece> pieces = new ArrayList<>();
        String rest = code;
        int base = 0;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = sca.analyzeCompletion(rest);
            Completeness c = ci.completeness();
            if (c == Completeness.EMPTY) break;
            if (!c.isComplete() || ci.source() == null) {
                pieces.add(new Piece(rest, base + leadingBlank(rest)));
                break;
            }
            String src = ci.source().substring(leadingBlank(ci.source())); // JShell numbers lines from the first non-blank
            String core = c == Completeness.COMPLETE_WITH_SEMI && src.endsWith(";") ? src.substring(0, src.length() - 1) : src;
            int consumed = rest.length() - ci.remaining().length();
            int at = rest.substring(0, Math.max(0, consumed)).indexOf(core);
            if (at < 0) at = leadingBlank(rest);
            pieces.add(new Piece(src, base + at));
            if (consumed <= 0) break; // no progress: stop rather than loop
            base += consumed;
            rest = ci.remaining();
        }
        return pieces;
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** 1-based line and column of {@code offset} in {@code text}. */
    static int[] lineColumn(String text, int offset) {
        int line = 1, col = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') { line++; col = 1; } else col++;
        }
        return new int[] {line, col};
    }
}
