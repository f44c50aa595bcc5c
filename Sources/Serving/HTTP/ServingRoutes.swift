import Foundation
import Hummingbird
import Logging
import Store

/// Everything the routes use, built once by ``ServingServer``.
struct ServingComponents: Sendable {
    let box: ServingStateBox
    let controller: ServingController
    let recommending: Recommending
    let servedLog: ServedLog
    let metrics: ServingMetrics
    let adminToken: AdminToken
    let accessLog: AccessLog
    let requestIDs = RequestIDs()
}

/// The routes of `marquee serve`.
enum ServingRoutes {
    static func router(_ components: ServingComponents, logger: Logger) -> Router<ServingRequestContext> {
        // HEAD on every GET route (RFC 9110 asks it of every server; load balancers check health
        // with it): the GET's status and headers, no body (NIO's encoder drops it). A HEAD
        // /recommend is an answer like any other: it has a request id, so it is in the served log.
        let router = Router(context: ServingRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(
            middleware: PlainAnswerMiddleware(
                metrics: components.metrics, accessLog: components.accessLog, logger: logger))
        router.get("/recommend/:uid") { request, context in
            try recommend(request, context, components)
        }
        router.get("/health") { _, _ in
            await health(components)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: components.metrics.exposition())))
        }
        router.post("/admin/reload") { request, _ in
            try components.adminToken.check(request)
            var lines: [String] = []
            if components.controller.configPath != nil {
                lines.append(try await components.controller.reloadConfigFile())
            }
            lines.append(try await components.controller.reloadModels(force: true))
            return PlainAnswerMiddleware.plain(.ok, lines.joined(separator: "; "))
        }
        router.get("/admin/experiment") { request, _ in
            try components.adminToken.check(request)
            guard let state = components.box.current else {
                throw ServingError(.notReady, await components.controller.describe().reason)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: state.experiment.json())))
        }
        router.put("/admin/experiment") { request, _ in
            try components.adminToken.check(request)
            let body = try await request.body.collect(upTo: 1 << 20)
            let summary = try await components.controller.replaceExperiment(Data(buffer: body))
            return PlainAnswerMiddleware.plain(.ok, "experiment applied: \(summary)")
        }
        return router
    }

    private static func recommend(
        _ request: Request, _ context: ServingRequestContext, _ components: ServingComponents
    ) throws -> Response {
        let userID = try UserIDText.parse(context.parameters.get("uid").map { Substring($0) } ?? "")
        guard let state = components.box.current else {
            throw ServingError(.notReady, "not ready: no experiment with loaded models yet; see GET /health")
        }
        let answer = components.answer(userID: userID, state: state, arrived: context.arrived)
        return Response(status: .ok, headers: answer.fields, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    private static func health(_ components: ServingComponents) async -> Response {
        let backlog = components.servedLog.backlog
        var document: [String: Any] = [
            "served_log": [
                "in_memory": backlog.inMemory, "spooled": backlog.spooled, "dropped": backlog.dropped,
                "written": backlog.written,
            ]
        ]
        let status: HTTPResponse.Status
        if let state = components.box.current {
            status = .ok
            document["ready"] = true
            document["experiment"] = state.experiment.id
            document["variants"] = zip(state.experiment.variants, state.models).map { variant, model in
                [
                    "name": variant.name, "weight": variant.weight, "model": model.version, "kind": model.kind,
                    "data": model.dataID, "code": model.codeVersion, "users": model.users, "items": model.items,
                ] as [String: Any]
            }
            document["loaded_at"] = ISO8601DateFormatter().string(from: state.loadedAt)
        } else {
            status = .serviceUnavailable
            document["ready"] = false
            document["reason"] = await components.controller.describe().reason
        }
        let json = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
