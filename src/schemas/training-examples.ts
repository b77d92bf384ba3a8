// Examples of the training answers in the OpenAPI document: real answers of the service on the recorded
// Cerebras-GPT cards (test/fixtures/hub), cut to one or two items and rounded to six significant digits.
// Documentation only: nothing reads them but the OpenAPI plugin. Spectral checks them against the schemas.
export const TRAINING_EXAMPLES = {
  modelTraining: {
    id: 'cerebras/Cerebras-GPT-111M',
    cardRevision: '0e4059d52279ea818136cd78a2551baf99a1c19b',
    cardOid: 'cb92e3c19af85ece68e4ac980467e12233f6bcf1',
    parsedAt: '2026-11-29T06:00:00.000Z',
    facts: {
      parameters: {
        value: 111000000,
        raw: '111M'
      },
      layers: {
        value: 10,
        raw: '10'
      },
      dModel: {
        value: 768,
        raw: '768'
      },
      heads: {
        value: 12,
        raw: '12'
      },
      dHead: {
        value: 64,
        raw: '64'
      },
      dFfn: {
        value: 3072,
        raw: '3072'
      },
      learningRate: {
        value: 0.0006,
        raw: '6.0E-04'
      },
      batchSize: {
        value: 120,
        raw: '120'
      },
      batchSizeTokens: {
        value: 246000,
        raw: '246K'
      },
      sequenceLength: {
        value: 2048,
        raw: '2048'
      },
      trainingSteps: {
        value: 9037,
        raw: '9037'
      },
      tokens: {
        value: 2220000000,
        raw: '2.22E+09'
      },
      tokensPerParameter: {
        value: 20,
        raw: '20'
      },
      flops: {
        value: 2600000000000000000,
        raw: '2.6E+18'
      },
      pileTestCrossEntropy: {
        value: 2.566,
        raw: '2.566'
      }
    },
    evaluation: {
      zeroShot: {
        parameters: {
          value: 111000000,
          raw: '111M'
        },
        trainingFlops: {
          value: 2600000000000000000,
          raw: '2.6E+18'
        },
        pileTestXent: {
          value: 2.566,
          raw: '2.566'
        },
        hellaSwag: {
          value: 0.268,
          raw: '0.268'
        },
        piqa: {
          value: 0.594,
          raw: '0.594'
        },
        winoGrande: {
          value: 0.488,
          raw: '0.488'
        },
        lambada: {
          value: 0.194,
          raw: '0.194'
        },
        arcEasy: {
          value: 0.38,
          raw: '0.380'
        },
        arcChallenge: {
          value: 0.166,
          raw: '0.166'
        },
        openBookQa: {
          value: 0.118,
          raw: '0.118'
        },
        downstreamAverage: {
          value: 0.315,
          raw: '0.315'
        }
      },
      fiveShot: {
        parameters: {
          value: 111000000,
          raw: '111M'
        },
        trainingFlops: {
          value: null,
          raw: null
        },
        pileTestXent: {
          value: null,
          raw: null
        },
        hellaSwag: {
          value: 0.267,
          raw: '0.267'
        },
        piqa: {
          value: 0.588,
          raw: '0.588'
        },
        winoGrande: {
          value: 0.475,
          raw: '0.475'
        },
        lambada: {
          value: 0.158,
          raw: '0.158'
        },
        arcEasy: {
          value: 0.356,
          raw: '0.356'
        },
        arcChallenge: {
          value: 0.166,
          raw: '0.166'
        },
        openBookQa: {
          value: 0.136,
          raw: '0.136'
        },
        downstreamAverage: {
          value: null,
          raw: null
        }
      }
    },
    paper: {
      pileTestCrossEntropy: 2.608,
      cardMinusPaper: -0.042,
      source: 'Dey et al. 2023, Cerebras-GPT, arXiv:2304.03208 v1 (Pile test loss, as quoted by secondary notes), the same as Cerebras\' modelzoo README (transformers/pytorch/gpt3/configs/Cerebras_GPT/README.md)'
    },
    warnings: [],
    familyDisagreements: []
  },
  evaluations: {
    columns: [
      {
        key: 'parameters',
        label: 'Params'
      },
      {
        key: 'trainingFlops',
        label: 'Training FLOPs'
      },
      {
        key: 'pileTestXent',
        label: 'PILE test xent'
      },
      {
        key: 'hellaSwag',
        label: 'Hella-Swag'
      },
      {
        key: 'piqa',
        label: 'PIQA'
      },
      {
        key: 'winoGrande',
        label: 'Wino-Grande'
      },
      {
        key: 'lambada',
        label: 'Lambada'
      },
      {
        key: 'arcEasy',
        label: 'ARC-e'
      },
      {
        key: 'arcChallenge',
        label: 'ARC-c'
      },
      {
        key: 'openBookQa',
        label: 'OpenBookQA'
      },
      {
        key: 'downstreamAverage',
        label: 'Downstream Average'
      }
    ],
    items: [
      {
        id: 'cerebras/Cerebras-GPT-111M',
        cardRevision: '0e4059d52279ea818136cd78a2551baf99a1c19b',
        zeroShot: {
          parameters: {
            value: 111000000,
            raw: '111M'
          },
          trainingFlops: {
            value: 2600000000000000000,
            raw: '2.6E+18'
          },
          pileTestXent: {
            value: 2.566,
            raw: '2.566'
          },
          hellaSwag: {
            value: 0.268,
            raw: '0.268'
          },
          piqa: {
            value: 0.594,
            raw: '0.594'
          },
          winoGrande: {
            value: 0.488,
            raw: '0.488'
          },
          lambada: {
            value: 0.194,
            raw: '0.194'
          },
          arcEasy: {
            value: 0.38,
            raw: '0.380'
          },
          arcChallenge: {
            value: 0.166,
            raw: '0.166'
          },
          openBookQa: {
            value: 0.118,
            raw: '0.118'
          },
          downstreamAverage: {
            value: 0.315,
            raw: '0.315'
          }
        },
        fiveShot: {
          parameters: {
            value: 111000000,
            raw: '111M'
          },
          trainingFlops: {
            value: null,
            raw: null
          },
          pileTestXent: {
            value: null,
            raw: null
          },
          hellaSwag: {
            value: 0.267,
            raw: '0.267'
          },
          piqa: {
            value: 0.588,
            raw: '0.588'
          },
          winoGrande: {
            value: 0.475,
            raw: '0.475'
          },
          lambada: {
            value: 0.158,
            raw: '0.158'
          },
          arcEasy: {
            value: 0.356,
            raw: '0.356'
          },
          arcChallenge: {
            value: 0.166,
            raw: '0.166'
          },
          openBookQa: {
            value: 0.136,
            raw: '0.136'
          },
          downstreamAverage: {
            value: null,
            raw: null
          }
        }
      }
    ],
    notRead: [],
    familyDisagreements: []
  },
  evaluationsCsv: 'id,cardRevision,shots,parameters,trainingFlops,pileTestXent,hellaSwag,piqa,winoGrande,lambada,arcEasy,arcChallenge,openBookQa,downstreamAverage\ncerebras/Cerebras-GPT-111M,0e4059d52279ea818136cd78a2551baf99a1c19b,0,111000000,2600000000000000000,2.566,0.268,0.594,0.488,0.194,0.38,0.166,0.118,0.315\ncerebras/Cerebras-GPT-111M,0e4059d52279ea818136cd78a2551baf99a1c19b,5,111000000,,,0.267,0.588,0.475,0.158,0.356,0.166,0.136,\n',
  scalingLaw: {
    law: 'L(C) = (C / C0)^(-alpha) + L_inf',
    fit: {
      coefficients: {
        c0: 8.94106e+22,
        log10C0: 22.9514,
        alpha: 0.0689408,
        lInf: 0.498908
      },
      standardErrors: {
        c0: 1.11461e+24,
        log10C0: 5.41399,
        alpha: 0.0400211,
        lInf: 0.924517
      },
      covariance: [
        [29.3113, -0.216365, -5.00312],
        [-0.216365, 0.00160169, 0.0368797],
        [-5.00312, 0.0368797, 0.854731]
      ],
      rSquared: 0.993719,
      residualVariance: 0.00105138,
      degreesOfFreedom: 3,
      convergence: {
        iterations: 10,
        rss: 0.00315415,
        converged: true,
        starts: 5
      },
      warnings: []
    },
    fitError: null,
    published: {
      c0: 5.984e+22,
      alpha: 0.0737,
      lInf: 0.5066,
      formula: 'L(f) = (f / 5.984e22)^(-0.0737) + 0.5066',
      source: 'Dey et al. 2023, Cerebras-GPT, arXiv:2304.03208 v1, Sec. 3.1 Eq. (1) (as quoted)'
    },
    points: [
      {
        id: 'cerebras/Cerebras-GPT-111M',
        cardRevision: '0e4059d52279ea818136cd78a2551baf99a1c19b',
        flops: 2600000000000000000,
        flopsRaw: '2.6E+18',
        loss: 2.566,
        lossRaw: '2.566',
        included: true,
        fitted: 2.55359,
        residual: 0.0124128,
        relativeResidual: 0.00486092,
        published: 2.60303,
        differenceFromPublished: -0.0370318,
        paper: {
          pileTestCrossEntropy: 2.608,
          cardMinusPaper: -0.042,
          source: 'Dey et al. 2023, Cerebras-GPT, arXiv:2304.03208 v1 (Pile test loss, as quoted by secondary notes), the same as Cerebras\' modelzoo README (transformers/pytorch/gpt3/configs/Cerebras_GPT/README.md)'
        }
      },
      {
        id: 'cerebras/Cerebras-GPT-13B',
        cardRevision: '1c46449742844199fe6dcb542e2569b59112d7f2',
        flops: 2.3e+22,
        flopsRaw: '2.3E+22',
        loss: 1.575,
        lossRaw: '1.575',
        included: false,
        fitted: 1.59703,
        residual: -0.0220327,
        relativeResidual: -0.013796,
        published: 1.57961,
        differenceFromPublished: -0.00461289,
        paper: {
          pileTestCrossEntropy: 1.572,
          cardMinusPaper: 0.003,
          source: 'Dey et al. 2023, Cerebras-GPT, arXiv:2304.03208 v1 (Pile test loss, as quoted by secondary notes), the same as Cerebras\' modelzoo README (transformers/pytorch/gpt3/configs/Cerebras_GPT/README.md)'
        }
      }
    ],
    excluded: ['cerebras/Cerebras-GPT-13B'],
    skipped: [],
    familyDisagreements: []
  },
  prediction: {
    flops: 1e+22,
    params: null,
    tokens: null,
    loss: 1.65093,
    standardError: 0.0180379,
    interval: {
      level: 0.95,
      distribution: 'student-t',
      degreesOfFreedom: 4,
      quantile: 2.77645,
      confidence: {
        low: 1.60085,
        high: 1.70102
      },
      prediction: {
        low: 1.55669,
        high: 1.74518
      }
    },
    published: 1.64754,
    differenceFromPublished: 0.0033907,
    extrapolated: false,
    nearestCheckpoint: {
      id: 'cerebras/Cerebras-GPT-6.7B',
      flops: 6.3e+21,
      loss: 1.704,
      log10Distance: 0.200659
    },
    excluded: []
  }
}
