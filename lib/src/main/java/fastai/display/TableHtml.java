package fastai.display;

import tech.tablesaw.api.Table;

/** A Tablesaw table as an HTML table (first {@code maxRows} rows), escaped. */
final class TableHtml {
    private TableHtml() { }

    static String of(Table t, int maxRows) {
        StringBuilder sb = new StringBuilder("<table>");
        if (t.name() != null && !t.name().isBlank()) sb.append("<caption>").append(esc(t.name())).append("</caption>");
        sb.append("<thead><tr>");
        for (String c : t.columnNames()) sb.append("<th>").append(esc(c)).append("</th>");
        sb.append("</tr></thead><tbody>");
        int n = Math.min(maxRows, t.rowCount());
        for (int r = 0; r < n; r++) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) sb.append("<td>").append(esc(t.getString(r, c))).append("</td>");
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (t.rowCount() > n) sb.append("<p>").append(t.rowCount() - n).append(" more rows</p>");
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
