// The OWL API (the library Protege uses) loads each file and checks the OWL 2 DL profile.
// Usage: java OwlCheck FILE...
// One line per file: path, format, axiom count, triples the loader could not turn into
// axioms, OWL 2 DL profile violations; then one indented line per unparsed triple and
// per violation. A file that does not load prints "ERROR" and its first message line.
// (The release's parts declare no vocabulary of their own, the ontology does: the test
// checks their profile on a copy that holds the ontology's triples too.)
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlCheck {
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        for (String path : args) {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            // Offline: an owl:imports is reported, never fetched.
            OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
            try {
                OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
                    new FileDocumentSource(new File(path)), config);
                OWLDocumentFormat format = manager.getOntologyFormat(ontology);
                java.util.List<String> unparsed = new java.util.ArrayList<>();
                if (format != null && format.getOntologyLoaderMetaData().isPresent()) {
                    format.getOntologyLoaderMetaData().get().getUnparsedTriples()
                        .forEach(t -> unparsed.add(t.toString()));
                }
                OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
                out.append(path).append('\t').append(format == null ? "?" : format.getKey())
                   .append('\t').append(ontology.getAxiomCount())
                   .append('\t').append(unparsed.size())
                   .append('\t').append(report.getViolations().size()).append('\n');
                for (String t : unparsed) {
                    out.append("  unparsed\t").append(t).append('\n');
                }
                for (OWLProfileViolation v : report.getViolations()) {
                    out.append("  violation\t").append(v.toString().replace('\n', ' ')).append('\n');
                }
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage()).split("\n")[0];
                out.append(path).append("\tERROR\t").append(message).append('\n');
            }
        }
        System.out.print(out);
    }
}
