package fastai.io;

/**
 * A problem with input data or a data folder, told in one line that names the path and, where
 * there is one, the command that fixes it. Entry points print {@link #getMessage()} alone, never a
 * stack trace.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(oneLine(message));
    }

    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
