package crpv.elasticsearch.analysis;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.HEAD;

import java.util.List;
import java.util.function.Supplier;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * {@code GET /} and {@code HEAD /}, the node's identity and version, as the rest-root module
 * of a full distribution answers them (the integ-test distribution lacks that module, so "/"
 * answers 405 there): clients use it for info() / ping() and version detection. Same body:
 * name, cluster_name, cluster_uuid, version{number, build_flavor, build_type, build_hash,
 * build_date, build_snapshot, lucene_version, minimum_wire_compatibility_version,
 * minimum_index_compatibility_version}, tagline.
 */
final class RootRestHandler extends BaseRestHandler {
    private final Supplier<ClusterService> clusterService;

    RootRestHandler(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "main_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/"), new Route(HEAD, "/"));
    }

    @Override
    public boolean canTripCircuitBreaker() {
        return false;
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        return channel -> {
            ClusterService cluster = clusterService.get();
            ClusterState state = cluster.state();
            Metadata metadata = state.metadata();
            Build build = Build.current();
            XContentBuilder builder = channel.newBuilder();
            if (request.hasParam("pretty") == false) {
                builder.prettyPrint().lfAtEnd(); // pretty by default, as rest-root does
            }
            builder.startObject();
            builder.field("name", cluster.getNodeName());
            builder.field("cluster_name", state.getClusterName().value());
            builder.field("cluster_uuid", metadata.clusterUUIDCommitted() ? metadata.clusterUUID() : Metadata.UNKNOWN_CLUSTER_UUID);
            builder.startObject("version")
                .field("number", build.qualifiedVersion())
                .field("build_flavor", "default")
                .field("build_type", build.type().displayName())
                .field("build_hash", build.hash())
                .field("build_date", build.date())
                .field("build_snapshot", build.isSnapshot())
                .field("lucene_version", IndexVersion.current().luceneVersion().toString())
                .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                .endObject();
            builder.field("tagline", "You Know, for Search");
            builder.endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, builder));
        };
    }
}
