package crpv.elasticsearch.analysis;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.util.SetOnce;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

/**
 * The part of Elasticsearch's analysis-common module this project relies on, for distributions
 * that lack that module (Maven Central's integ-test zip). Same names, same parameters, same
 * Lucene classes as analysis-common; nothing is registered that the server already provides
 * (it has the pre-configured {@code lowercase} token filter, the {@code standard} tokenizer,
 * {@code stop}, {@code shingle}, {@code hunspell}).
 *
 * <p>Also {@code GET /} (see {@link RootRestHandler}): a full distribution answers it (module
 * rest-root), the integ-test one does not, and clients rely on it (info(), ping()).
 */
public class CrpvAnalysisPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private final SetOnce<ClusterService> clusterService = new SetOnce<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootRestHandler(clusterService::get));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new TreeMap<>();
        filters.put("asciifolding", Filters.AsciiFolding::new);
        filters.put("edge_ngram", Filters.EdgeNGram::new);
        filters.put("elision", requiresAnalysisSettings(Filters.Elision::new));
        // The server only has a pre-configured "lowercase" (no parameters); analysis-common adds
        // the configurable one ({"type": "lowercase", "language": "greek"}), and so do we.
        filters.put("lowercase", Filters.LowerCase::new);
        filters.put("ngram", Filters.NGram::new);
        filters.put("stemmer", Filters.Stemmer::new);
        filters.put("synonym", requiresAnalysisSettings((is, env, name, s) -> new Synonyms.Factory(is, env, name, s, false)));
        filters.put("synonym_graph", requiresAnalysisSettings((is, env, name, s) -> new Synonyms.Factory(is, env, name, s, true)));
        filters.put("truncate", requiresAnalysisSettings(Filters.Truncate::new));
        return filters;
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new TreeMap<>();
        tokenizers.put("edge_ngram", Tokenizers.EdgeNGram::new);
        tokenizers.put("lowercase", Tokenizers.LowerCase::new);
        tokenizers.put("ngram", Tokenizers.NGram::new);
        return tokenizers;
    }

    /** Usable by name without a definition; the multi-term aware ones also in normalizers. */
    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false, input -> new EdgeNGramTokenFilter(input, 1)),
            PreConfiguredTokenFilter.singleton("elision", true, input -> new ElisionFilter(input, FrenchAnalyzer.DEFAULT_ARTICLES)),
            PreConfiguredTokenFilter.singleton("ngram", false, false, input -> new NGramTokenFilter(input, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("stemmer", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("truncate", false, input -> new TruncateTokenFilter(input, 10))
        );
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton(
                "edge_ngram",
                () -> new EdgeNGramTokenizer(NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE, NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE)
            ),
            PreConfiguredTokenizer.singleton("lowercase", LowerCaseLetterTokenizer::new),
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new)
        );
    }
}
