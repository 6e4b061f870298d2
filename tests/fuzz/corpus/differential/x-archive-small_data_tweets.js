window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000001"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "93"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000001",
      "created_at" : "Sun Oct 15 20:21:59 +0000 2017",
      "favorited" : false,
      "full_text" : "If you've been sexually harassed or assaulted write 'me too' as a reply to this tweet. #MeToo",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000002"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "metoo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "59"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000002",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000002",
      "created_at" : "Mon Oct 16 08:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "Me too. #metoo &amp; solidarity with everyone speaking up 💜",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000003"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          },
          {
            "text" : "BalanceTonPorc",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "alyssa_milano",
            "screen_name" : "alyssa_milano",
            "indices" : [
              "0",
              "1"
            ],
            "id_str" : "1",
            "id" : "1"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "48"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000003",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000003",
      "created_at" : "Mon Oct 16 09:30:00 +0000 2017",
      "favorited" : false,
      "full_text" : "@alyssa_milano Moi aussi. #MeToo #BalanceTonPorc",
      "lang" : "fr",
      "in_reply_to_status_id_str" : "920000000000000001",
      "in_reply_to_status_id" : "920000000000000001",
      "in_reply_to_user_id" : "42",
      "in_reply_to_user_id_str" : "42",
      "in_reply_to_screen_name" : "alyssa_milano"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000004"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "metoo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "TaranaBurke",
            "screen_name" : "TaranaBurke",
            "indices" : [
              "0",
              "1"
            ],
            "id_str" : "1",
            "id" : "1"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "134"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000004",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000004",
      "created_at" : "Mon Oct 16 10:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "RT @TaranaBurke: It's beyond a hashtag. It's the start of a larger conversation &amp; a movement for radical community healing. #metoo",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000005"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/abc",
            "expanded_url" : "https://twitter.com/TaranaBurke/status/919000000000000000",
            "display_url" : "twitter.com/TaranaBurk",
            "indices" : [
              "0",
              "1"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000005",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000005",
      "created_at" : "Tue Oct 17 12:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "This thread says it better than I can https://t.co/abc",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000006"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          },
          {
            "text" : "YoTambién",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/abc",
            "expanded_url" : "https://www.nytimes.com/2017/10/16/us/me-too.html",
            "display_url" : "www.nytimes.com/2017/1",
            "indices" : [
              "0",
              "1"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "49"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000006",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000006",
      "created_at" : "Tue Oct 17 23:59:59 +0000 2017",
      "favorited" : false,
      "full_text" : "Reading: https://t.co/abc &lt;3 #MeToo #YoTambién",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000007"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "TaranaBurke",
            "screen_name" : "TaranaBurke",
            "indices" : [
              "0",
              "1"
            ],
            "id_str" : "1",
            "id" : "1"
          },
          {
            "name" : "Alyssa_Milano",
            "screen_name" : "Alyssa_Milano",
            "indices" : [
              "0",
              "1"
            ],
            "id_str" : "1",
            "id" : "1"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "42"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000007",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000007",
      "created_at" : "Wed Oct 18 00:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "@TaranaBurke @Alyssa_Milano thank you both",
      "lang" : "en",
      "in_reply_to_status_id_str" : "920000000000000004",
      "in_reply_to_status_id" : "920000000000000004",
      "in_reply_to_user_id" : "42",
      "in_reply_to_user_id_str" : "42",
      "in_reply_to_screen_name" : "TaranaBurke"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000008",
            "920000000000000009"
          ],
          "editableUntil" : "2017-10-19T11:00:00.000Z",
          "editsRemaining" : "4",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "20"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000008",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000008",
      "created_at" : "Thu Oct 19 10:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "Frist version #MeToo",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "edit" : {
          "initialTweetId" : "920000000000000008",
          "editControlInitial" : {
            "editTweetIds" : [
              "920000000000000008",
              "920000000000000009"
            ],
            "editableUntil" : "2017-10-19T11:00:00.000Z",
            "editsRemaining" : "4",
            "isEditEligible" : true
          }
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "27"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000009",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000009",
      "created_at" : "Thu Oct 19 10:05:00 +0000 2017",
      "favorited" : false,
      "full_text" : "First version, fixed #MeToo",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000010"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "22"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000010",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000010",
      "created_at" : "Fri Nov 03 07:15:00 +0000 2017",
      "favorited" : false,
      "full_text" : "日本でも #MeToo の声が広がっています",
      "lang" : "ja"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000011"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/abc",
            "expanded_url" : "https://example.org/review?y=2017",
            "display_url" : "example.org/review?y=2",
            "indices" : [
              "0",
              "1"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "32"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000011",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000011",
      "created_at" : "Sat Dec 30 23:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "Year in review: https://t.co/abc",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000012"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "TimesUp",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "someone",
            "screen_name" : "someone",
            "indices" : [
              "0",
              "1"
            ],
            "id_str" : "1",
            "id" : "1"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000012",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000012",
      "created_at" : "Mon Jan 01 00:30:00 +0000 2018",
      "favorited" : false,
      "full_text" : "RT @someone: Happy new year to every survivor #TimesUp",
      "lang" : "en"
    }
  }
]