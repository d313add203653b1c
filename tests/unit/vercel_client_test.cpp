// Vercel env JSON (target as a string or an array, the list union, pagination) and the client's
// paging through `until` with a fake transport.
#include <gtest/gtest.h>

#include "harness/vercel/client.hpp"

namespace formcheck::vercel {
namespace {

using nlohmann::json;

TEST(VercelParse, TargetIsAStringOrAnArray) {
  auto one = parse_env(json{{"id", "a"}, {"key", "K"}, {"type", "plain"}, {"target", "preview"}, {"value", "v"}});
  ASSERT_TRUE(one) << one.error();
  EXPECT_EQ(one->targets, std::vector<std::string>{"preview"});
  EXPECT_TRUE(one->targets_environment("preview"));
  EXPECT_FALSE(one->targets_environment("production"));
  auto many = parse_env(json{{"key", "K"}, {"type", "encrypted"}, {"target", {"production", "development"}}});
  ASSERT_TRUE(many) << many.error();
  EXPECT_EQ(many->targets, (std::vector<std::string>{"production", "development"}));
  EXPECT_FALSE(parse_env(json{{"key", "K"}, {"target", 3}}));
  EXPECT_FALSE(parse_env(json{{"key", "K"}, {"target", {"production", 1}}}));
  EXPECT_FALSE(parse_env(json{{"type", "plain"}}));  // no key
}

TEST(VercelParse, OnlyPlainOrDecryptedValuesAreReadable) {
  auto plain = parse_env(json{{"key", "K"}, {"type", "plain"}, {"value", "v"}});
  auto cipher = parse_env(json{{"key", "K"}, {"type", "encrypted"}, {"value", "enc:v1:00"}, {"decrypted", false}});
  auto decrypted = parse_env(json{{"key", "K"}, {"type", "encrypted"}, {"value", "v"}, {"decrypted", true}});
  auto sensitive = parse_env(json{{"key", "K"}, {"type", "sensitive"}});
  EXPECT_EQ(plain->readable_value(), "v");
  EXPECT_FALSE(cipher->readable_value());
  EXPECT_EQ(decrypted->readable_value(), "v");
  EXPECT_FALSE(sensitive->readable_value());
}

TEST(VercelParse, ListUnionAndPagination) {
  auto paged = parse_env_list(json{{"envs", {{{"key", "A"}}, {{"key", "B"}}}},
                                   {"pagination", {{"count", 2}, {"next", 1717000001000}, {"prev", 1717000002000}}}});
  ASSERT_TRUE(paged) << paged.error();
  EXPECT_EQ(paged->envs.size(), 2u);
  EXPECT_EQ(paged->next, 1717000001000);
  auto last = parse_env_list(json{{"envs", json::array()}, {"pagination", {{"count", 0}, {"next", nullptr}}}});
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->next);
  auto bare = parse_env_list(json{{"envs", {{{"key", "A"}}}}});
  ASSERT_TRUE(bare);
  EXPECT_FALSE(bare->next);
  auto single = parse_env_list(json{{"key", "A"}, {"type", "plain"}, {"value", "1"}});
  ASSERT_TRUE(single) << single.error();
  ASSERT_EQ(single->envs.size(), 1u);
  EXPECT_FALSE(parse_env_list(json{{"envs", {{"pagination", {{"next", "soon"}}}}}}));
  EXPECT_FALSE(parse_env_list(json{{"envs", json::array()}, {"pagination", {{"next", "soon"}}}}));
}

TEST(VercelClient, FollowsPaginationWithUntilAndSendsTeamAndBearer) {
  std::vector<std::string> urls;
  ClientOptions options;
  options.api_base = "http://vercel.test/";
  options.team_id = "team_1";
  options.transport = [&](const http::Request& r) {
    urls.push_back(r.url);
    EXPECT_EQ(r.auth.kind, http::Auth::Kind::bearer);
    http::Response response;
    response.status = 200;
    if (r.url.find("until=") == std::string::npos) {
      response.body = R"({"envs":[{"key":"A","target":"production"}],"pagination":{"count":1,"next":1000,"prev":2000}})";
    } else if (r.url.find("until=1000") != std::string::npos) {
      response.body = R"({"envs":[{"key":"B","target":["preview"]}],"pagination":{"count":1,"next":500,"prev":1000}})";
    } else {
      response.body = R"({"envs":[],"pagination":{"count":0,"next":null,"prev":null}})";
    }
    return response;
  };
  Client client(Secret("vercel-unit-token"), options);
  auto envs = client.list_envs("my site");
  ASSERT_TRUE(envs) << envs.error().describe();
  ASSERT_EQ(envs->size(), 2u);
  EXPECT_EQ((*envs)[1].key, "B");
  ASSERT_EQ(urls.size(), 3u);
  EXPECT_EQ(urls[0], "http://vercel.test/v10/projects/my%20site/env?teamId=team_1");
  EXPECT_NE(urls[1].find("until=1000"), std::string::npos);
  EXPECT_NE(urls[2].find("until=500"), std::string::npos);
}

TEST(VercelClient, RepeatedNextStopsInsteadOfLooping) {
  size_t calls = 0;
  ClientOptions options;
  options.transport = [&](const http::Request&) {
    ++calls;
    http::Response response;
    response.status = 200;
    response.body = R"({"envs":[{"key":"A"}],"pagination":{"count":1,"next":7,"prev":7}})";
    return response;
  };
  Client client(Secret("vercel-unit-token"), options);
  auto envs = client.list_envs("p");
  ASSERT_TRUE(envs);
  EXPECT_EQ(calls, 2u);
}

TEST(VercelClient, RefusedTokenIsAnAuthErrorWithVercelsWords) {
  ClientOptions options;
  options.transport = [](const http::Request&) {
    http::Response response;
    response.status = 403;
    response.body = R"({"error":{"code":"forbidden","message":"Not authorized","invalidToken":true}})";
    return response;
  };
  Client client(Secret("vercel-bad-token-123"), options);
  auto envs = client.list_envs("p");
  ASSERT_FALSE(envs);
  EXPECT_EQ(envs.error().kind, Error::Kind::auth);
  EXPECT_EQ(envs.error().code, "forbidden");
  const auto text = envs.error().describe();
  EXPECT_NE(text.find("403 forbidden (Not authorized)"), std::string::npos) << text;
  EXPECT_EQ(text.find("vercel-bad-token-123"), std::string::npos) << text;
}

}  // namespace
}  // namespace formcheck::vercel
