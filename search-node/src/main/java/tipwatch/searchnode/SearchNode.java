package tipwatch.searchnode;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node inside this JVM from Maven Central jars, the way the distribution's
 * bootstrap does but without its CLI launcher, entitlement agent, native libraries or native
 * controller. The node home that Maven lays out (target/home) holds config/ and modules/; the node
 * loads transport-netty4 (HTTP) and tipwatch (GET /, asciifolding) from modules/, as module bundles.
 *
 * <pre>
 * java -cp 'HOME/lib/*' tipwatch.searchnode.SearchNode --home HOME --data DIR [--port 9250] [-Ekey=value ...]
 * </pre>
 *
 * Needs Java 21 or newer (Elasticsearch 9). Single-node discovery, HTTP and transport bound to
 * 127.0.0.1, no security (there is no x-pack at all). Data and logs go under DIR; the home is only
 * read, so one build serves any number of nodes. Logs "started http://127.0.0.1:PORT in N ms" once
 * the node accepts requests, and closes the node cleanly on SIGTERM/SIGINT.
 */
public final class SearchNode {

    private SearchNode() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        Path data = null;
        String port = "9250";
        Settings.Builder extra = Settings.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = args[++i];
                default -> {
                    if (arg.startsWith("-E") && arg.indexOf('=') > 2) {
                        extra.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                    } else {
                        System.err.println("usage: SearchNode --home HOME --data DIR [--port PORT] [-Ekey=value ...]");
                        System.exit(2);
                    }
                }
            }
        }
        if (home == null || data == null) {
            System.err.println("usage: SearchNode --home HOME --data DIR [--port PORT] [-Ekey=value ...]");
            System.exit(2);
        }
        Files.createDirectories(data);

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.resolve("data").toString())
            .put("path.logs", data.resolve("logs").toString())
            .put("path.repo", data.resolve("repo").toString())
            .put("cluster.name", "tipwatch-search-node")
            .put("node.name", "tipwatch-search-node")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            // The transport layer is only used inside this node; any free port will do.
            .put("transport.port", "0")
            // Test data on a shared disk: never turn indices read-only because the disk is full-ish.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .put(extra.build())
            .build();

        long t0 = System.nanoTime();
        LogConfigurator.registerErrorListener();
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> "tipwatch-search-node");
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.configure(env, true);

        Node node;
        try {
            PluginsLoader plugins = PluginsLoader.createPluginsLoader(
                PluginsLoader.loadModulesBundles(env.modulesDir(), false), Set.of(), Map.of(), false);
            node = new Node(env, plugins);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "search-node-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            // e.g. the HTTP port is taken: the node's own threads would keep the JVM alive
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("started http://127.0.0.1:" + port + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        System.out.flush();
        closed.await();
    }
}
