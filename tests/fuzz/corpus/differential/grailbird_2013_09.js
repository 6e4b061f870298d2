Grailbird.data.tweets_2013_09 = 
 [ {
  "source" : "\u003Ca href=\"http:\/\/twitter.com\/download\/iphone\" rel=\"nofollow\"\u003ETwitter for iPhone\u003C\/a\u003E",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Kyle",
      "screen_name" : "kwiens",
      "indices" : [ 3, 10 ],
      "id_str" : "14265234",
      "id" : 14265234
    } ],
    "media" : [ ],
    "hashtags" : [ {
      "text" : "SF",
      "indices" : [ 40, 43 ]
    } ],
    "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "384112069539282944",
  "text" : "RT @kwiens: Fog rolling in over the city #SF",
  "id" : 384112069539282944,
  "created_at" : "2013-09-29 01:55:34 +0000",
  "user" : {
    "name" : "Nat Welch",
    "screen_name" : "icco",
    "protected" : false,
    "id_str" : "14322128",
    "profile_image_url_https" : "https:\/\/pbs.twimg.com\/profile_images\/1\/a.png",
    "id" : 14322128,
    "verified" : false
  },
  "retweeted_status" : {
    "source" : "web",
    "entities" : { "user_mentions" : [ ], "media" : [ ], "hashtags" : [ { "text" : "SF", "indices" : [ 28, 31 ] } ], "urls" : [ ] },
    "geo" : { },
    "id_str" : "384100000000000000",
    "text" : "Fog rolling in over the city #SF",
    "id" : 384100000000000000,
    "created_at" : "2013-09-29 01:00:00 +0000",
    "user" : { "name" : "Kyle", "screen_name" : "kwiens", "protected" : false, "id_str" : "14265234", "id" : 14265234, "verified" : false }
  }
}, {
  "source" : "web",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ {
      "indices" : [ 20, 42 ],
      "url" : "http:\/\/t.co\/xyz",
      "expanded_url" : "http:\/\/blog.natwelch.com\/2013\/09\/",
      "display_url" : "blog.natwelch.com\/2013\/09\/"
    } ]
  },
  "geo" : { },
  "id_str" : "384000000000000001",
  "text" : "New post &amp; more: http:\/\/t.co\/xyz",
  "id" : 384000000000000001,
  "created_at" : "Sat Sep 28 18:20:00 +0000 2013",
  "user" : { "name" : "Nat Welch", "screen_name" : "icco", "protected" : false, "id_str" : "14322128", "id" : 14322128, "verified" : false }
} ]
