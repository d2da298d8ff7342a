package tipwatch.searchnode.module;

import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestHandler;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The parts of the Elasticsearch distribution's modules that tipwatch needs and that Elasticsearch
 * does not publish to Maven Central (only the server and transport-netty4 are there):
 * <ul>
 *   <li>{@code GET /} and {@code HEAD /} (the rest-root module), which clients call for the
 *       server's version: {@link RootInfoHandler};</li>
 *   <li>the {@code asciifolding} token filter (the analysis-common module), which tipwatch's
 *       mappings use so that "Nguyễn" finds "Nguyen": {@link AsciiFoldingFilterFactory}.</li>
 * </ul>
 * Same names and parameters as the distribution's, so the same mappings and requests work on a
 * real cluster. Everything else of analysis-common (stemmers, synonyms, ngram, ...) is absent.
 */
public class SearchNodePlugin extends Plugin implements ActionPlugin, AnalysisPlugin {

    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoHandler(services.settings(), clusterService::get));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(AsciiFoldingFilterFactory.NAME, AsciiFoldingFilterFactory::new);
    }
}
