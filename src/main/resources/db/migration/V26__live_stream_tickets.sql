-- Stream tickets (live.StreamTickets): a browser's EventSource cannot send headers, so a guest following an order
-- trades its order token for a ticket (POST /api/v1/orders/{id}/stream-tickets) and opens the stream with that in
-- the URL instead of the token, which balancers and proxies log. A ticket opens one stream of one order, once, within
-- a minute; only its SHA-256 is kept, here so that any node accepts it.
create table live_stream_tickets (
    ticket_hash bytea       not null primary key,
    order_id    uuid        not null,
    expires_at  timestamptz not null
);
create index live_stream_tickets_by_order on live_stream_tickets (order_id, expires_at);
create index live_stream_tickets_by_expiry on live_stream_tickets (expires_at);
