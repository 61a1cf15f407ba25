// Apache Jena SHACL on several data files in one JVM: one line per validation result.
// Usage: java JenaShacl SHAPES.ttl DATA1 [DATA2 ...]
// Each line: index of the data file, severity, source shape, constraint component, focus
// node, result path, value; RDF terms in N-Triples syntax, fields tab-separated. A data file that does not parse ends the run with an error.
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.riot.out.NodeFmtLib;

public class JenaShacl {
    private static String term(Node node) {
        return node == null ? "" : NodeFmtLib.strNT(node);
    }

    public static void main(String[] args) {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            Graph data = RDFDataMgr.loadGraph(args[i]);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            for (ReportEntry e : report.getEntries()) {
                out.append(i - 1).append('\t')
                   .append(e.severity().level().getURI()).append('\t')
                   .append(term(e.source())).append('\t')
                   .append(term(e.sourceConstraintComponent())).append('\t')
                   .append(term(e.focusNode())).append('\t')
                   .append(e.resultPath() == null ? "" : e.resultPath().toString()).append('\t')
                   .append(term(e.value())).append('\n');
            }
        }
        System.out.print(out);
    }
}
